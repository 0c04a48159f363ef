"""Input formats shared by both languages (FORMAT_MODULE_PATH). `<input type=date>` and `datetime-local` take
only ISO values (2026-12-01, 2026-12-01T09:30): Django renders a form's initial value with the first input
format of the active language, and zh-hans's own is 2026/12/01, which the browser drops, leaving the box
blank. Display formats (DATE_FORMAT, ...) stay Django's for each language."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%m/%d/%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
