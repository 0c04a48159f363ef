"""Excel exports with Chinese headers and real number and date cells (not text), streamed from a queryset's
values so a long list does not sit in memory as model instances."""
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    number_format: str | None = None  # e.g. "0.00%", "#,##0", "yyyy-mm-dd hh:mm"


def safe_text(value: str) -> str:
    """Stored text as an Excel cell that never runs as a formula (a leading = + - @ tab or CR is quoted)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _cell(value):
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, (int, float, str, dt.date)):
        return value
    return str(value)


def workbook(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Sequence]]]) -> bytes:
    wb = Workbook(write_only=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        header = []
        for col in columns:
            cell = WriteOnlyCell(ws, value=col.header)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows:
            out = []
            for col, value in zip(columns, row):
                cell = WriteOnlyCell(ws, value=_cell(value))
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


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(workbook(sheets), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
