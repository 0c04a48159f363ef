"""Import caps (settings): rows, cell length, unpacked XLSX size and upload size are refused with one clear
line, without reading past the cap; the command exits non-zero; the page answers 400. The caps live in the
shared reader, so the orderly forecast import has them too."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from wanjia.customers import importer
from wanjia.customers.importer import ImportFailed, import_customers
from wanjia.customers.models import Customer
from wanjia.org.models import Role

from .test_import import HEADER, rows


def _csv(tree, count: int) -> bytes:
    lines = [f"80000{i:05d},户{i},居民,,否,某地{i}号,,,,{tree.a.station.code},," for i in range(count)]
    return rows(tree, *lines).encode()


def _xlsx(fill) -> bytes:
    book = Workbook(write_only=False)
    fill(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_too_many_rows_is_one_clear_error(tree, settings):
    settings.WANJIA_IMPORT_MAX_ROWS = 5
    with pytest.raises(ImportFailed) as exc:
        import_customers(_csv(tree, 10), "c.csv")
    [error] = exc.value.errors
    assert error.line == 7 and "超过 5 行的导入上限" in error.message
    assert import_customers(_csv(tree, 3), "c.csv") == 5
    assert Customer.objects.count() == 5


def test_a_sheet_claiming_a_million_rows_stops_at_the_cap(tree, settings, monkeypatch):
    """A few KiB of XLSX with a cell at row 1,000,000: openpyxl would hand back a million blank rows."""
    settings.WANJIA_IMPORT_MAX_ROWS = 1000
    read = []
    stream = importer._xlsx_lines

    def counted(data):
        for line in stream(data):
            read.append(line)
            yield line
    monkeypatch.setattr(importer, "_xlsx_lines", counted)

    def fill(sheet):
        sheet.append(HEADER.split(","))
        sheet.cell(row=1_000_000, column=1, value="x")
    data = _xlsx(fill)
    assert len(data) < 10_000
    with pytest.raises(ImportFailed, match="超过 1000 行的导入上限"):
        import_customers(data, "c.xlsx")
    assert len(read) == 1002  # the header, 1,000 rows and the one that broke the cap


def test_long_cells_are_row_errors_and_nothing_is_written(tree, settings):
    settings.WANJIA_IMPORT_MAX_CELL_CHARS = 50
    data = rows(tree, f"9000000005,{'长' * 51},居民,,否,某地,,,,{tree.a.station.code},,").encode()
    with pytest.raises(ImportFailed) as exc:
        import_customers(data, "c.csv")
    [error] = exc.value.errors
    assert error.line == 4 and "第 2 列超过 50 个字符的上限" in error.message
    assert not Customer.objects.exists()


def test_an_xlsx_that_unpacks_too_large_is_refused_unread(tree, settings):
    settings.WANJIA_IMPORT_MAX_XLSX_BYTES = 2000
    data = _xlsx(lambda sheet: [sheet.append([f"cell {i}"] * 10) for i in range(100)])
    with pytest.raises(ImportFailed, match="解压后超过"):
        import_customers(data, "c.xlsx")


def test_command_exits_non_zero_with_one_line(tree, settings, tmp_path):
    settings.WANJIA_IMPORT_MAX_ROWS = 2
    path = tmp_path / "c.csv"
    path.write_bytes(_csv(tree, 5))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-customers", str(path), stderr=err)
    assert err.getvalue().count("\n") == 1 and "超过 2 行的导入上限" in err.getvalue()


def test_page_refuses_an_upload_too_large_with_400(client, tree, settings):
    settings.WANJIA_MAX_UPLOAD_BYTES = 100
    client.force_login(tree.a.users[Role.COUNTER])
    response = client.post("/customers/import/", {"file": SimpleUploadedFile("c.csv", _csv(tree, 3))})
    assert response.status_code == 400 and "文件过大" in response.content.decode()
    assert not Customer.objects.exists()
