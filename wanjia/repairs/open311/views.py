"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): existing Open311 clients file fault reports and
follow them. Responses are arrays in JSON, or XML with the spec's root elements (`services`,
`service_requests`, `errors`). Filing uses the same `order_intake` as every other channel.

Public reads carry no personal data: no caller, phone or free-text description; the address is the
serving station and the position is rounded to 0.01° (about 1 km)."""
import datetime as dt
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wanjia.core.errors import DomainError
from wanjia.repairs.models import OPEN_STATUSES, Channel, FaultCategory, Open311Client, OrderStatus, RepairOrder
from wanjia.repairs.services import order_intake

FORMATS = ("json", "xml")
GROUP = "故障报修"
DEFAULT_DAYS = 90  # the spec's default window for GET requests
MAX_REQUESTS = 1000
# Our service's field names → the GeoReport names a client sent.
FIELD_NAMES = {"category": "service_code", "latitude": "lat", "longitude": "long", "account_number": "account_id",
               "photos": "media_url", "caller_name": "first_name"}


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions)
        self.status = status
        self.descriptions = descriptions


def _xml(root: str, item: str, rows: list[dict]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        node = ET.SubElement(top, item)
        for key, value in row.items():
            child = ET.SubElement(node, key)
            if value is not None:
                child.text = str(value).lower() if isinstance(value, bool) else str(value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")


def _respond(fmt: str, root: str, item: str, rows: list[dict], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows), status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    rows = [{"code": error.status, "description": d} for d in error.descriptions]
    return _respond(fmt if fmt in FORMATS else "json", "errors", "error", rows, status=error.status)


def _open311(view):
    """Format check and the spec's error array for every endpoint."""
    def wrapped(request, fmt, **kwargs):
        try:
            if fmt not in FORMATS:
                raise Open311Error(404, _("不支持的格式:%(f)s(可用 json 或 xml)") % {"f": fmt})
            return view(request, fmt, **kwargs)
        except Open311Error as error:
            return _errors(fmt, error)
    wrapped.__name__ = view.__name__
    wrapped.access = ("repairs.open311", "read", "write")  # public: the permission table's entry
    return wrapped


def _w3c(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _service(category: FaultCategory) -> dict:
    return {"service_code": category.code, "service_name": category.name, "description": category.description,
            "metadata": False, "type": "realtime", "keywords": category.keywords, "group": GROUP}


@require_GET
@_open311
def services(request, fmt):
    rows = [_service(c) for c in FaultCategory.objects.filter(is_active=True)]
    return _respond(fmt, "services", "service", rows)


@require_GET
@_open311
def service_definition(request, fmt, code):
    category = FaultCategory.objects.filter(is_active=True, code=code).first()
    if category is None:
        raise Open311Error(404, _("未知的 service_code:%(c)s") % {"c": code})
    # No extra attributes (metadata is false): the definition is the code with an empty attribute list.
    if fmt == "xml":
        top = ET.Element("service_definition")
        ET.SubElement(top, "service_code").text = category.code
        ET.SubElement(top, "attributes")
        return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8"),
                            content_type="text/xml; charset=utf-8")
    return JsonResponse({"service_code": category.code, "attributes": []}, json_dumps_params={"ensure_ascii": False})


def _request_row(order: RepairOrder) -> dict:
    is_open = order.status in OPEN_STATUSES
    notes = order.get_status_display()
    if order.status == OrderStatus.PLANNED_OUTAGE and order.outage_id:
        outage = order.outage
        notes += _(":计划停电(%(area)s),预计 %(when)s 恢复供电") % {
            "area": outage.area_description, "when": _w3c(outage.expected_restoration_at) or "—"}
    expected = order.arrival_due if order.arrived_at is None else order.restoration_due
    return {
        "service_request_id": order.number, "status": "open" if is_open else "closed", "status_notes": notes,
        "service_name": order.category.name, "service_code": order.category.code, "description": "",
        "agency_responsible": order.station.name, "service_notice": "",
        "requested_datetime": _w3c(order.received_at), "updated_datetime": _w3c(order.updated_at),
        "expected_datetime": _w3c(expected) if is_open else None, "address": order.station.name,
        "address_id": "", "zipcode": "",
        "lat": round(order.latitude, 2) if order.latitude is not None else None,
        "long": round(order.longitude, 2) if order.longitude is not None else None, "media_url": "",
    }


def _float(value: str, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise Open311Error(400, _("%(n)s 必须是数字。") % {"n": name}) from exc


def _create(request, fmt):
    data = request.POST
    key = data.get("api_key", "")
    if not key or not Open311Client.objects.filter(api_key=key, is_active=True).exists():
        raise Open311Error(403, _("api_key 无效。"))
    if not data.get("service_code"):
        raise Open311Error(400, _("service_code:必填。"))
    latitude, longitude = _float(data.get("lat"), "lat"), _float(data.get("long"), "long")
    if latitude is None and not data.get("address_string") and not data.get("account_id"):
        raise Open311Error(400, _("需要提供位置:lat 和 long,或 address_string。"))
    description = data.get("description", "")
    if data.get("media_url"):
        description = f"{description}\n{_('照片')}: {data['media_url']}"
    name = " ".join(p for p in (data.get("last_name", ""), data.get("first_name", "")) if p)
    try:
        order = order_intake(channel=Channel.OPEN311, caller_name=name, phone=data.get("phone", ""),
                             description=description.strip(), category=data["service_code"],
                             account_number=data.get("account_id", ""), latitude=latitude, longitude=longitude,
                             address=data.get("address_string", ""))
    except ValidationError as exc:
        raise Open311Error(400, *[f"{FIELD_NAMES.get(field, field)}: {message}"
                                  for field, messages in exc.message_dict.items() for message in messages]) from exc
    except DomainError as exc:
        raise Open311Error(400, exc.message) from exc
    notice = order.resolution if order.status == OrderStatus.PLANNED_OUTAGE else _(
        "已受理,抢修人员将在 %(due)s 前到达现场。") % {"due": timezone.localtime(order.arrival_due).strftime("%H:%M")}
    return _respond(fmt, "service_requests", "request",
                    [{"service_request_id": order.number, "service_notice": notice, "account_id": None}],
                    status=201)


def _date(value: str, name: str) -> dt.datetime | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        raise Open311Error(400, _("%(n)s 不是有效的 W3C 日期时间。") % {"n": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _list(request, fmt):
    qs = RepairOrder.objects.select_related("category", "station", "outage")
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        qs = qs.filter(number__in=ids)
    else:
        start, end = _date(request.GET.get("start_date"), "start_date"), _date(request.GET.get("end_date"), "end_date")
        if start is None and end is None:
            start = timezone.now() - dt.timedelta(days=DEFAULT_DAYS)
        if start:
            qs = qs.filter(received_at__gte=start)
        if end:
            qs = qs.filter(received_at__lte=end)
        codes = [c for c in request.GET.get("service_code", "").split(",") if c]
        if codes:
            qs = qs.filter(category__code__in=codes)
        statuses = {s for s in request.GET.get("status", "").split(",") if s}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status 只能是 open 或 closed。"))
        if statuses == {"open"}:
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            qs = qs.exclude(status__in=OPEN_STATUSES)
    rows = [_request_row(o) for o in qs.order_by("-received_at")[:MAX_REQUESTS]]
    return _respond(fmt, "service_requests", "request", rows)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_open311
def requests(request, fmt):
    return _create(request, fmt) if request.method == "POST" else _list(request, fmt)


@require_GET
@_open311
def request_detail(request, fmt, request_id):
    order = (RepairOrder.objects.select_related("category", "station", "outage").filter(number=request_id).first())
    if order is None:
        raise Open311Error(404, _("找不到报修单 %(n)s。") % {"n": request_id})
    return _respond(fmt, "service_requests", "request", [_request_row(order)])
