"""Excel exports with Chinese headers and real number and date cells (not text), streamed from a queryset's
values so a long list does not sit in memory as model instances. Text that a spreadsheet would read as a
formula (a leading = + - @, tab or carriage return) is written as a text cell, never as a live formula."""
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    number_format: str | None = None  # e.g. "0.00%", "#,##0", "yyyy-mm-dd hh:mm"


def _cell(value):
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, (int, float, str, dt.date)):
        return value
    return str(value)


def _write(ws, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=_cell(value))
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        # Kept literally as text; the quote prefix keeps it text when someone edits the cell in Excel.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def workbook(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Sequence]]]) -> bytes:
    wb = Workbook(write_only=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        header = []
        for col in columns:
            cell = _write(ws, col.header)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows:
            out = []
            for col, value in zip(columns, row):
                cell = _write(ws, value)
                if col.number_format:
                    cell.number_format = col.number_format
                elif isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            ws.append(out)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def safe_filename(name: str) -> str:
    """A download name built from stored text: no path separators, control characters or characters Windows
    refuses, no leading dots, at most 150 characters (Content-Disposition quoting is Django's)."""
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", str(name)).strip().lstrip(".")
    return name[-150:] or "download"


def download_response(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, safe_filename(filename))
    return response


def xlsx_response(filename: str, sheets) -> HttpResponse:
    return download_response(workbook(sheets), filename, XLSX)
