"""Streamlit's static files (its JavaScript, CSS and fonts), copied where nginx serves them from disk, each text file
with its compressed twins beside it: `x.js.br` (brotli, quality 11) and `x.js.gz` (gzip, level 9).

    python -m tools.precompress_static /var/cache/campaign-dashboard/www     # after every install of Streamlit

nginx (deploy/nginx/campaign.conf, `location ^~ /static/`) then answers a phone's first visit with the smallest
file the browser takes (`brotli_static`, `gzip_static`), compressed once here instead of on every request: the Plotly
bundle, 4.7 MB as it is, is 1.06 MB as brotli 11 against 1.42 MB as gzip 6 on the fly (bench/RESULTS.md). A file this
copy lacks (Streamlit upgraded without running this again) is fetched from the app as before, so nothing breaks.
Quality 11 takes about a minute of CPU for Streamlit's 23 MB of JavaScript; --quality 5 takes seconds (the tests).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
from pathlib import Path

COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".txt", ".html", ".map", ".ttf"}
SMALLEST = 1024  # below this, compression saves nothing worth a file


def streamlit_static() -> Path:
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static" / "static"


def precompress(dest: Path, *, quality: int = 11, level: int = 9, source: Path | None = None) -> dict:
    """Copy Streamlit's static folder to dest/static with .br and .gz twins; what was written."""
    import brotli

    source = source or streamlit_static()
    out = dest / "static"
    if out.exists():
        shutil.rmtree(out)  # files of an older Streamlit go: their names (content hashes) are never asked again
    counts = {"files": 0, "bytes": 0, "br_bytes": 0, "gz_bytes": 0}
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        target = out / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        data = path.read_bytes()
        counts["files"] += 1
        counts["bytes"] += len(data)
        if path.suffix in COMPRESSIBLE and len(data) >= SMALLEST:
            packed = brotli.compress(data, quality=quality)
            target.with_name(target.name + ".br").write_bytes(packed)
            zipped = gzip.compress(data, compresslevel=level, mtime=0)
            target.with_name(target.name + ".gz").write_bytes(zipped)
            counts["br_bytes"] += len(packed)
            counts["gz_bytes"] += len(zipped)
    for folder in [dest, *dest.rglob("*")]:  # nginx's worker (www-data) reads them; nothing here is secret
        folder.chmod(0o755 if folder.is_dir() else 0o644)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.precompress_static", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="the folder nginx's `root` names (…/www); static/ is made inside")
    parser.add_argument("--quality", type=int, default=11, help="brotli quality, 0-11 (default 11)")
    args = parser.parse_args(argv)
    try:
        counts = precompress(args.dest, quality=args.quality)
    except OSError as exc:
        print(f"cannot write {args.dest}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(
        f"{counts['files']} files, {counts['bytes'] / 1e6:.1f} MB → brotli {counts['br_bytes'] / 1e6:.1f} MB, "
        f"gzip {counts['gz_bytes'] / 1e6:.1f} MB, in {args.dest / 'static'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
