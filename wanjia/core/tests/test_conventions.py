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


def test_openapi_schema_has_no_warnings(tmp_path, db):
    """Clients generate code from /api/schema/: name clashes there would give them wrong types."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/repairs/" in (tmp_path / "schema.yml").read_text()
