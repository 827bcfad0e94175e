"""python -m campaign: the command line (report, hash-password)."""

import sys

from campaign.cli import main

if __name__ == "__main__":
    sys.exit(main())
