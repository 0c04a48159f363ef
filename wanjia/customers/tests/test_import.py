"""Customer import: the encodings Excel and other tools write, line-numbered errors, all rows or none."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from wanjia.customers.importer import ImportFailed, import_customers
from wanjia.customers.models import Customer
from wanjia.org.models import Role

HEADER = "户号,户名,客户类别,走进类别,重要负荷,用电地址,纬度,经度,联系电话,供电所编码,馈线编号,台区编号"


def rows(tree, *extra):
    good = [
        f"9000000001,张三,居民,农村,否,甲县和平村1号,25.01,100.01,13800000001,{tree.a.station.code},TAF1,TAT1",
        f"9000000002,甲县人民医院,高压双电源,医院,是,甲县人民路2号,,,0871-1234567,{tree.a.station.code},TAF1,",
    ]
    return "\n".join([HEADER, *good, *extra]) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding(tree, encoding):
    # GBK has no traditional forms of some characters; the simplified header row is accepted as well.
    text = rows(tree)
    if encoding == "gbk":
        text = text.encode("gb18030").decode("gb18030")
    data = text.encode(encoding, errors="strict") if encoding != "gbk" else _gbk(text)
    assert import_customers(data, "customers.csv") == 2
    hospital = Customer.objects.get(account_number="9000000002")
    assert hospital.customer_class == "hv_dual" and hospital.is_protected_load and hospital.walk_in_category == "hospital"
    resident = Customer.objects.get(account_number="9000000001")
    assert resident.transformer.code == "TAT1" and resident.feeder.code == "TAF1"


def _gbk(text: str) -> bytes:
    """Excel on a Chinese Windows saves CSV as GBK: write the simplified header as it would."""
    simplified = text.replace("户号,户名,客户类别,走进类别,重要负荷,用电地址,纬度,经度,联系电话,供电所编码,馈线编号,台区编号",
                              "户号,户名,客户类别,走进类别,重要负荷,用电地址,纬度,经度,联系电话,供电所编码,馈线编号,台区编号")
    simplified = simplified.replace("张三", "张三").replace("医院", "医院").replace("居民,农村", "居民,农村")
    simplified = simplified.replace("高压双电源", "高压双电源").replace("县", "县").replace("号", "号").replace("张", "张")
    return simplified.replace("人民医院", "人民医院").encode("gbk")


def test_xlsx(tree):
    wb = Workbook()
    ws = wb.active
    for line in rows(tree).strip().split("\n"):
        ws.append(line.split(","))
    buffer = io.BytesIO()
    wb.save(buffer)
    assert import_customers(buffer.getvalue(), "customers.xlsx") == 2


def test_one_bad_row_writes_nothing_and_every_error_has_its_line(tree):
    bad = [
        f"9000000003,李四,工厂,,否,某地,,,,{tree.a.station.code},,",  # bad class
        "9000000001,重复,居民,,否,某地,,,,NOPE,,",  # duplicate account, unknown station
        f"9000000004,王五,居民,,也许,某地,abc,100,,{tree.a.station.code},,",  # bad flag, bad latitude
    ]
    with pytest.raises(ImportFailed) as exc:
        import_customers(rows(tree, *bad).encode(), "customers.csv")
    lines = {e.line: e.message for e in exc.value.errors}
    assert set(lines) == {4, 5, 6}
    assert "客户类别「工厂」无效" in lines[4]
    assert "与第 2 行重复" in lines[5] and "NOPE" in lines[5]
    assert "重要负荷" in lines[6] and "纬度" in lines[6]
    assert not Customer.objects.exists()


def test_station_outside_the_importers_scope_is_refused(tree):
    text = rows(tree).replace(tree.a.station.code, tree.b.station.code)
    with pytest.raises(ImportFailed, match="不在您的范围内"):
        import_customers(text.encode(), "c.csv", user=tree.a.users[Role.COUNTER])
    assert not Customer.objects.exists()


def test_unknown_and_missing_columns(tree):
    with pytest.raises(ImportFailed, match="无法识别的列:颜色.*缺少必需的列:户名") as exc:
        import_customers("户号,颜色,客户类别,用电地址,供电所编码\n1,红,居民,x,y\n".encode(), "c.csv")
    assert exc.value.errors[0].line == 1


def test_command_exits_non_zero_with_a_readable_line(tree, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(rows(tree, "9000000009,,居民,,否,,,,,NOPE,,").encode("gb18030"))
    with pytest.raises(CommandError, match=r"1 bad row\(s\) in bad.csv; nothing was imported"):
        call_command("import-customers", str(path))
    assert "第 4 行" in capsys.readouterr().err
    assert not Customer.objects.exists()
    good = tmp_path / "good.csv"
    good.write_bytes(rows(tree).encode("utf-8-sig"))
    call_command("import-customers", str(good))
    assert Customer.objects.count() == 2


def test_import_page(client, tree):
    client.force_login(tree.a.users[Role.COUNTER])
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The page hands the file to a background job (run at once in tests) and follows it.
    bad = SimpleUploadedFile("c.csv", rows(tree, "x,,居民,,否,,,,,NOPE,,").encode())
    page = client.post("/customers/import/", {"file": bad}, follow=True).content.decode()
    assert "失败" in page and "第 4 行" in page and "导入错误清单.xlsx" in page
    good = SimpleUploadedFile("c.csv", rows(tree).encode())
    assert client.post("/customers/import/", {"file": good}).status_code == 302
    assert Customer.objects.count() == 2
    client.force_login(tree.a.users[Role.AUDITOR])
    assert client.get("/customers/import/").status_code == 403


def test_traditional_characters_are_accepted_too(tree):
    """Files from Hong Kong, Macao or Taiwan tooling write traditional characters; they match the same."""
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(rows(tree))
    assert traditional != rows(tree)
    assert import_customers(traditional.encode("utf-8"), "customers.csv") == 2
    assert Customer.objects.get(account_number="9000000002").customer_class == "hv_dual"
