"""Project conventions that a quick look would miss."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_source_text_is_in_simplified_characters():
    """zh-hans is the first language and has no catalogue: what the source says is what users read."""
    result = subprocess.run([sys.executable, "scripts/to_simplified.py", "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"traditional characters in: {result.stdout}"


def test_no_asset_is_loaded_from_the_internet():
    tracked = subprocess.run(["git", "ls-files", "wanjia"], cwd=REPO, capture_output=True, text=True).stdout.split()
    offenders = []
    for name in tracked:
        if name.endswith((".html", ".js", ".css", ".py")) and "tests/" not in name:
            text = (REPO / name).read_text(encoding="utf-8", errors="ignore")
            if any(host in text for host in ("cdn.", "unpkg.com", "jsdelivr", "googleapis", "cdnjs", "bootcdn")):
                offenders.append(name)
    assert offenders == []
