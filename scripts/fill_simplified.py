"""Fill the zh_Hans catalogue from the source strings (traditional characters → simplified, by OpenCC) and
compile every catalogue to .mo with polib, so neither step needs GNU gettext."""
import sys
from pathlib import Path

import polib
from opencc import OpenCC

t2s = OpenCC("t2s")


def main(locale_dir: Path) -> None:
    hans = locale_dir / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(hans))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: t2s.convert(entry.msgid)}
        else:
            entry.msgstr = t2s.convert(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    for path in locale_dir.glob("*/LC_MESSAGES/*.po"):
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
