"""The shared import reader (`customers.importer.read_rows`) on hostile XLSX files, against a baseline measured
in the same run: reading the whole first sheet into a list (what the reader did before the caps).

    .venv/bin/python bench/import_caps.py [--rows 200000]

Two files, built in memory:
- a few KiB whose only data cell is at row 1,000,000 (openpyxl hands back a million blank rows);
- a real sheet of `--rows` customer rows (five short columns).
With the default cap (WANJIA_IMPORT_MAX_ROWS = 100,000) the reader stops at the cap with one error line; the
baseline reads everything. Prints seconds, peak memory (tracemalloc) and the ratio baseline / ours. No
database is needed."""
import argparse
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measure(fn) -> tuple[float, float, str]:
    tracemalloc.start()
    started = time.perf_counter()
    outcome = fn()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wanjia.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from openpyxl import Workbook, load_workbook

    from wanjia.customers.importer import ImportFailed, read_rows

    header = ["户号", "户名", "客户类别", "用电地址", "供电所编码"]

    def xlsx(fill) -> bytes:
        book = Workbook()
        fill(book.active)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def claim(sheet):
        sheet.append(header)
        sheet.cell(row=1_000_000, column=1, value="x")

    def many(sheet):
        sheet.append(header)
        for i in range(args.rows):
            sheet.append([f"{i:010d}", "某户", "居民", "某地", "S1"])

    def ours(data):
        try:
            return f"{len(read_rows(data, 'c.xlsx'))} rows"
        except ImportFailed as exc:
            return str(exc.errors[0])

    def whole_sheet(data):
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        return f"{len([list(row) for row in sheet.iter_rows(values_only=True)])} rows in memory"

    print(f"{'file':<28} {'size':>8} {'ours s':>8} {'MiB':>7} {'whole s':>8} {'MiB':>7} {'ratio':>6}  ours says")
    for label, data in (("cell at row 1,000,000", xlsx(claim)), (f"{args.rows:,} rows", xlsx(many))):
        ours_s, ours_mb, said = measure(lambda: ours(data))
        base_s, base_mb, _ = measure(lambda: whole_sheet(data))
        print(f"{label:<28} {len(data) / 1024:>6.0f}Ki {ours_s:>8.2f} {ours_mb:>7.1f} {base_s:>8.2f} {base_mb:>7.1f} "
              f"{base_s / ours_s:>5.1f}×  {said}")


if __name__ == "__main__":
    main()
