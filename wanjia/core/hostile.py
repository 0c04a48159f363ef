"""Hostile text for tests: every stored string may be one of these, and every page, chart, map, PDF and export
must show it as the literal text it is (docs/security.md, "Script and markup injection")."""

TAG = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(1)</script>&\"'"
NOTE = "电压<198V"
FILE = '<img src="/etc/passwd">'
FORMULA = '=HYPERLINK("http://x","y")'

ALL = (TAG, SCRIPT, NOTE, FILE, FORMULA)
# One string holding them all, for fields that show a single value.
MIXED = " ".join(ALL)
