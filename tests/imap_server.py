"""A real IMAP server on 127.0.0.1 for the tests: Debian's Dovecot, run by the test as an unprivileged process of its
own (no daemon, no system config), with one passwd-file user and a Maildir made from fixture emails.

Dovecot refuses to run its login process as root: under root (a CI container) the server runs as `nobody` (setpriv),
its folder handed to that user.

Dovecot takes a Maildir file's mtime as the message's INTERNALDATE: each file's mtime is set to when the sample
says the server received it.
"""

from __future__ import annotations

import grp
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "htqt", "mat-khau-thu"

CONF = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {me}
default_internal_group = {group_name}
default_login_user = {me}
mail_uid = {me}
mail_gid = {group}
first_valid_uid = 0
mail_location = maildir:{root}/Maildir:INDEX={root}/index
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_maildir(root: Path, mails: Iterable[tuple[bytes, float]]) -> Path:
    """A Maildir with each message in new/ (unseen), its mtime the moment it was received."""
    maildir = root / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for i, (data, received) in enumerate(mails):
        path = maildir / "new" / f"{int(received)}.M{i}P1.mail-samples"
        path.write_bytes(data)
        os.utime(path, (received, received))
    return maildir


def maildir_fingerprint(maildir: Path) -> str:
    """A hash of every message file under the Maildir: its name (which carries its flags), its bytes, its mtime."""
    digest = hashlib.sha256()
    for path in sorted(p for p in maildir.rglob("*") if p.is_file() and not p.name.startswith("dovecot")):
        digest.update(str(path.relative_to(maildir)).encode())
        digest.update(path.read_bytes())
        digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


class Dovecot:
    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.process: subprocess.Popen | None = None

    @property
    def maildir(self) -> Path:
        return self.root / "Maildir"

    def start(self) -> None:
        command = [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")]
        if os.getuid() == 0:
            user = pwd.getpwnam(NOBODY)
            command = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        output = self.process.communicate()[0].decode(errors="replace")
        self.process = None
        raise RuntimeError("dovecot did not start: " + self.log() + output)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def secrets(self) -> dict:
        """The [inbox] table that reaches this server."""
        return {"host": "127.0.0.1", "port": self.port, "security": "none", "user": USER, "password": PASSWORD}


NOBODY = "nobody"


@contextmanager
def dovecot(mails: Iterable[tuple[bytes, float]]):
    """Dovecot on a free port of 127.0.0.1 serving `mails` (bytes, received as a Unix time) to USER/PASSWORD, in a
    folder of its own under /tmp (pytest's is closed to another user), removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="dovecot-"))
    user = pwd.getpwnam(NOBODY) if os.getuid() == 0 else pwd.getpwuid(os.getuid())
    for sub in ("run", "state", "index"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    write_maildir(root, mails)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{user.pw_uid}:{user.pw_gid}::{root}\n")
    port = free_port()
    group = user.pw_gid
    (root / "dovecot.conf").write_text(
        CONF.format(root=root, port=port, me=user.pw_name, group=group, group_name=grp.getgrgid(group).gr_name)
    )
    if os.getuid() == 0:
        for path in [root, *root.rglob("*")]:
            os.chown(path, user.pw_uid, user.pw_gid, follow_symlinks=False)
    server = Dovecot(root, port)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
