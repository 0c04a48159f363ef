"""Importing customers from CSV or XLSX. Accepts UTF-8, UTF-8 with BOM and GBK/GB18030 (Excel's Chinese
default for CSV). Every row is checked first; if any row is bad, the errors come back with their line numbers
and nothing is written."""
import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wanjia.core.text import simplified
from wanjia.customers.models import Customer, CustomerClass, GreenChannelKind, WalkInCategory
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import Unit, UnitKind

# Header (Chinese as exported by the bureau's systems, or the English field name) -> field.
HEADERS = {
    "户号": "account_number", "户名": "name", "客户类别": "customer_class", "走进类别": "walk_in_category",
    "重要负荷": "is_protected_load", "绿色通道": "green_channel", "用电地址": "address", "纬度": "latitude", "经度": "longitude",
    "联系电话": "phone", "供电所编码": "station", "馈线编号": "feeder", "台区编号": "transformer",
}
# Headers and choice labels match in either script (Excel on a mainland PC writes simplified characters).
HEADERS = {simplified(k): v for k, v in HEADERS.items()} | {v: v for v in HEADERS.values()}
REQUIRED = ["account_number", "name", "customer_class", "address", "station"]
TRUE_WORDS = {"1", "true", "yes", "y", "是", "√"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否"}


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("第 %(line)d 行:%(msg)s") % {"line": self.line, "msg": self.message}


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([RowError(1, _("无法识别文件编码,请另存为 UTF-8 或 GBK 的 CSV,或 XLSX。"))])


# Widest sheet read: the importers' own columns number a dozen; cells beyond this are never looked at.
MAX_COLUMNS = 64


def _too_big(line: int, message: str) -> ImportFailed:
    return ImportFailed([RowError(line, message)])


def upload_bytes(upload) -> bytes:
    """An uploaded import file's bytes, refused before reading if larger than WANJIA_MAX_UPLOAD_BYTES."""
    limit = settings.WANJIA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise _too_big(1, _("文件过大:上限 %(mb).1f MB。") % {"mb": limit / 2**20})
    return upload.read()


def _xlsx_lines(data: bytes):
    """(line number, cells) streamed from the first sheet: openpyxl's read-only mode parses row by row, and
    the unpacked size is checked first, so a small zip that expands to gigabytes is refused unread."""
    from openpyxl import load_workbook

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile as exc:
        raise ImportFailed([RowError(1, _("无法读取 XLSX 文件:%(e)s") % {"e": exc})]) from exc
    limit = settings.WANJIA_IMPORT_MAX_XLSX_BYTES
    if unpacked > limit:
        raise _too_big(1, _("XLSX 文件解压后超过 %(mb)d MB 上限,请拆分后再导入。") % {"mb": limit // 2**20})
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as exc:
        raise ImportFailed([RowError(1, _("无法读取 XLSX 文件:%(e)s") % {"e": exc})]) from exc
    # The declared dimension is the file's claim, not its content: trusting it pads every row to its width.
    sheet.reset_dimensions()
    try:
        for line, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            yield line, ["" if v is None else str(v) for v in row]
    finally:
        book.close()


def _csv_lines(data: bytes):
    reader = csv.reader(io.StringIO(decode(data)))
    line = 0
    try:
        for line, row in enumerate(reader, start=1):
            yield line, row[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ImportFailed([RowError(line + 1, _("CSV 格式错误:%(e)s") % {"e": exc})]) from exc


def read_rows(data: bytes, filename: str, *, headers: dict[str, str] = HEADERS,
              required: list[str] = REQUIRED) -> list[tuple[int, dict]]:
    """(line number, {field: text}) for each non-empty row. `headers` maps column titles to fields (other
    importers pass their own). A file beyond the settings' caps (rows, cell length, unpacked XLSX size) is
    refused with a clear line, read no further than the cap."""
    is_xlsx = filename.lower().endswith(".xlsx") or data[:2] == b"PK"
    lines = _xlsx_lines(data) if is_xlsx else _csv_lines(data)
    first = next(lines, None)
    if first is None:
        raise ImportFailed([RowError(1, _("文件是空的。"))])
    header_line, header = first
    lookup = {simplified(k): v for k, v in headers.items()}
    fields = [lookup.get(simplified(h.strip())) for h in header]
    unknown = [h for h, f in zip(header, fields) if h.strip() and f is None]
    missing = [f for f in required if f not in fields]
    if unknown or missing:
        msg = []
        if unknown:
            msg.append(_("无法识别的列:%(c)s") % {"c": "、".join(unknown)[:200]})
        if missing:
            names = {v: k for k, v in headers.items() if not k.isascii()}
            msg.append(_("缺少必需的列:%(c)s") % {"c": "、".join(names.get(f, f) for f in missing)})
        raise ImportFailed([RowError(header_line, ";".join(msg))])
    max_rows, max_chars = settings.WANJIA_IMPORT_MAX_ROWS, settings.WANJIA_IMPORT_MAX_CELL_CHARS
    rows, errors = [], []
    for line, values in lines:
        # Counted by line, empty ones too: a sheet can claim a million blank rows in a few bytes.
        if line - header_line > max_rows:
            raise _too_big(line, _("超过 %(n)d 行的导入上限,请拆分文件后再导入。") % {"n": max_rows})
        if not any(v.strip() for v in values):
            continue
        long = [i for i, v in enumerate(values, start=1) if len(v) > max_chars]
        if long:
            errors.append(RowError(line, _("第 %(cols)s 列超过 %(n)d 个字符的上限") % {
                "cols": "、".join(map(str, long)), "n": max_chars}))
            continue
        rows.append((line, {f: v.strip() for f, v in zip(fields, values) if f}))
    if errors:
        raise ImportFailed(errors)
    return rows


def _choice(value: str, choices) -> str | None:
    for code, label in choices.choices:
        if value == code or simplified(value) == simplified(str(label)):
            return code
    return None


def import_customers(data: bytes, filename: str, *, user=None) -> int:
    """Validate every row, then insert all in one transaction. Returns the number of customers created."""
    rows = read_rows(data, filename)
    stations = Unit.objects.filter(kind=UnitKind.STATION)
    if user is not None:
        stations = stations.restrict(user, "change")
    station_by_code = {u.code: u for u in stations}
    codes = {r.get("feeder") for _l, r in rows} | {r.get("transformer") for _l, r in rows}
    feeders = {f.code: f for f in Feeder.objects.filter(code__in=codes)}
    transformers = {t.code: t for t in Transformer.objects.filter(code__in=codes).select_related("feeder")}
    green_kinds = {key: kind for kind in GreenChannelKind.objects.filter(is_active=True)
                   for key in (kind.code, simplified(kind.name))}
    existing = set(Customer.objects.filter(account_number__in=[r.get("account_number") for _l, r in rows])
                   .values_list("account_number", flat=True))
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    customers = []
    for line, row in rows:
        problems = []
        account = row.get("account_number", "")
        if account in existing:
            problems.append(_("户号 %(a)s 已存在") % {"a": account})
        elif account in seen:
            problems.append(_("户号 %(a)s 与第 %(l)d 行重复") % {"a": account, "l": seen[account]})
        seen.setdefault(account, line)
        customer_class = _choice(row.get("customer_class", ""), CustomerClass)
        if customer_class is None:
            problems.append(_("客户类别「%(v)s」无效") % {"v": row.get("customer_class", "")})
        walk_in = row.get("walk_in_category", "")
        walk_in_code = _choice(walk_in, WalkInCategory) if walk_in else ""
        if walk_in_code is None:
            problems.append(_("走进类别「%(v)s」无效") % {"v": walk_in})
        green = row.get("green_channel", "")
        green_kind = green_kinds.get(green) or green_kinds.get(simplified(green)) if green else None
        if green and green_kind is None:
            problems.append(_("绿色通道「%(v)s」不是启用的绿色通道类别(%(k)s)") % {
                "v": green, "k": "、".join(sorted({k.name for k in green_kinds.values()}))})
        protected = row.get("is_protected_load", "").lower()
        if protected not in TRUE_WORDS | FALSE_WORDS:
            problems.append(_("重要负荷应填「是」或「否」"))
        station = station_by_code.get(row.get("station", ""))
        if station is None:
            problems.append(_("供电所编码「%(v)s」不存在或不在您的范围内") % {"v": row.get("station", "")})
        feeder = feeders.get(row.get("feeder", "")) if row.get("feeder") else None
        if row.get("feeder") and feeder is None:
            problems.append(_("馈线编号「%(v)s」不存在") % {"v": row["feeder"]})
        transformer = transformers.get(row.get("transformer", "")) if row.get("transformer") else None
        if row.get("transformer") and transformer is None:
            problems.append(_("台区编号「%(v)s」不存在") % {"v": row["transformer"]})
        coords = {}
        for field in ("latitude", "longitude"):
            try:
                coords[field] = float(row[field]) if row.get(field) else None
            except ValueError:
                problems.append(_("%(f)s「%(v)s」不是数字") % {"f": Customer._meta.get_field(field).verbose_name,
                                                           "v": row[field]})
        if not problems:
            customer = Customer(
                account_number=account, name=row.get("name", ""), customer_class=customer_class,
                walk_in_category=walk_in_code, is_protected_load=protected in TRUE_WORDS, green_channel=green_kind,
                address=row.get("address", ""), phone=row.get("phone", ""), station=station,
                feeder=feeder or (transformer.feeder if transformer else None), transformer=transformer, **coords,
            )
            try:
                customer.full_clean(validate_unique=False)
            except ValidationError as exc:
                problems.extend(f"{Customer._meta.get_field(f).verbose_name}: {' '.join(m)}"
                                if f != "__all__" else " ".join(m) for f, m in exc.message_dict.items())
            customers.append(customer)
        if problems:
            errors.append(RowError(line, ";".join(str(p) for p in problems)))
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        Customer.objects.bulk_create(customers, batch_size=2000)
    return len(customers)
