"""Compile every message catalogue to .mo with polib, so a fresh machine needs no GNU gettext."""
import sys
from pathlib import Path

import polib


def main(root: Path) -> None:
    for path in root.glob("**/locale/*/LC_MESSAGES/*.po"):
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "wanjia"))
