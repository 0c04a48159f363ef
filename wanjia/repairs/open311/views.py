"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): existing Open311 clients discover the endpoint, read
the services and their questions, file fault reports and follow them. Responses are arrays in JSON, or XML
with the spec's root elements (`discovery`, `services`, `service_definition`, `service_requests`, `errors`);
every error is the spec's error list. Filing uses the same `order_intake` as every other channel.

Who sees what: the service list, definitions and one request by its number are public (a caller follows
their own report); a request's description is shown with phone numbers masked, and no caller name or phone.
Lists need no key (the spec's clients, e.g. the `georeport` package, send none) but then show only the public
fields, without request numbers or descriptions, so nobody can harvest every county's numbers; with an
`api_key` a list shows full rows of the key's unit only. Filing needs an `api_key` and is limited per key
(`Open311Client.rate`)."""
import datetime as dt
import re
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from wanjia.core.dates import parse_query_datetime
from wanjia.core.errors import DomainError
from wanjia.core.text import label
from wanjia.customers.models import mask_phone
from wanjia.repairs.models import (OPEN_STATUSES, AttributeDatatype, Channel, FaultCategory, Open311Client,
                                   OrderStatus, PlaceName, RepairOrder, ServiceAttribute, Urgency)
from wanjia.repairs.services import order_intake

FORMATS = ("json", "xml")
GROUP = "故障报修"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The date this endpoint last changed in a way clients should notice (discovery's `changeset`).
CHANGESET = "2026-12-01T00:00:00+08:00"
DEFAULT_DAYS = 90  # the spec's default window for GET requests
MAX_REQUESTS = 1000
MAX_DESCRIPTION = 4000  # the spec's limit for description
# Our service's field names → the GeoReport names a client sent.
FIELD_NAMES = {"category": "service_code", "latitude": "lat", "longitude": "long", "account_number": "account_id",
               "photos": "media_url", "caller_name": "first_name", "address": "address_string"}
# XML element names of list items (the spec's Spark convention: a plural element holds singular ones).
ITEM_TAGS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
PHONE_IN_TEXT = re.compile(r"\+?\d[\d\- ]{5,}\d")


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions)
        self.status = status
        self.descriptions = descriptions


def _node(parent, tag: str, value) -> None:
    child = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _node(child, key, inner)
    elif isinstance(value, list):
        for inner in value:
            _node(child, ITEM_TAGS.get(tag, "item"), inner)
    elif value is not None:
        child.text = str(value).lower() if isinstance(value, bool) else str(value)


def _xml_response(root: str, body, status: int) -> HttpResponse:
    top = ET.Element(root)
    for key, value in body.items() if isinstance(body, dict) else ():
        _node(top, key, value)
    return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8"),
                        status=status, content_type="text/xml; charset=utf-8")


def _respond(fmt: str, root: str, item: str | None, body, status: int = 200) -> HttpResponse:
    """`body` is a list of rows (each an `item` element under `root`) or, with item None, one object."""
    if fmt == "xml":
        if item is None:
            return _xml_response(root, body, status)
        top = ET.Element(root)
        for row in body:
            _node(top, item, row)
        return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8"),
                            status=status, content_type="text/xml; charset=utf-8")
    return JsonResponse(body, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    rows = [{"code": error.status, "description": d} for d in error.descriptions]
    return _respond(fmt if fmt in FORMATS else "json", "errors", "error", rows, status=error.status)


def _open311(view):
    """Format check and the spec's error list for every endpoint (bad query dates included)."""
    def wrapped(request, fmt, **kwargs):
        try:
            if fmt not in FORMATS:
                raise Open311Error(404, _("不支持的格式:%(f)s(可用 json 或 xml)") % {"f": fmt})
            return view(request, fmt, **kwargs)
        except Open311Error as error:
            return _errors(fmt, error)
        except ValidationError as exc:
            return _errors(fmt, Open311Error(400, *_described(exc)))
    wrapped.__name__ = view.__name__
    wrapped.access = ("repairs.open311", "read", "write")  # public: the permission table's entry
    return wrapped


def _described(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [f"{FIELD_NAMES.get(field, field)}: {message}"
            for field, messages in exc.message_dict.items() for message in messages]


def _w3c(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# --- discovery and services -----------------------------------------------------------------------------

@require_GET
@_open311
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:services", args=["json"])).rsplit("/", 1)[0]
    body = {
        "changeset": CHANGESET,
        "contact": _("供电服务热线 95598"),
        "key_service": _("API 密钥由供电局在管理后台(Open311 客户端)发放。"),
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }
    return _respond(fmt, "discovery", None, body)


def _attributes(category: FaultCategory) -> list[ServiceAttribute]:
    return list(ServiceAttribute.objects.filter(Q(category__isnull=True) | Q(category=category), is_active=True)
                .order_by("order", "code"))


def _service(category: FaultCategory, has_attributes: bool) -> dict:
    return {"service_code": category.code, "service_name": label(category), "description": category.description,
            "metadata": has_attributes, "type": "realtime", "keywords": category.keywords, "group": GROUP}


@require_GET
@_open311
def services(request, fmt):
    shared = ServiceAttribute.objects.filter(is_active=True, category__isnull=True).exists()
    own = set(ServiceAttribute.objects.filter(is_active=True).values_list("category_id", flat=True))
    rows = [_service(c, shared or c.pk in own) for c in FaultCategory.objects.filter(is_active=True)]
    return _respond(fmt, "services", "service", rows)


def _category(code: str) -> FaultCategory:
    category = FaultCategory.objects.filter(is_active=True, code=code).first()
    if category is None:
        raise Open311Error(404, _("service_code:未知的服务 %(c)s。") % {"c": code})
    return category


@require_GET
@_open311
def service_definition(request, fmt, code):
    category = _category(code)
    attributes = [{
        "variable": True, "code": a.code, "datatype": a.datatype, "required": a.required,
        "datatype_description": a.datatype_description or None, "order": a.order, "description": a.description,
        "values": [{"key": k, "name": n} for k, n in a.options().items()],
    } for a in _attributes(category)]
    return _respond(fmt, "service_definition", None, {"service_code": category.code, "attributes": attributes})


# --- requests -------------------------------------------------------------------------------------------

def _masked(text: str) -> str:
    return PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group()) if sum(c.isdigit() for c in m.group()) >= 7
                             else m.group(), text)


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
        "service_name": label(order.category), "service_code": order.category.code,
        "description": _masked(order.description),
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


def _client(key: str | None) -> Open311Client:
    client = Open311Client.objects.select_related("unit").filter(api_key=key or "", is_active=True).first() \
        if key else None
    if client is None:
        raise Open311Error(403, _("api_key 无效。"))
    return client


def _answers(data, attributes: list[ServiceAttribute]) -> dict[str, list[str]]:
    """`attribute[code]=value` and `attribute[code][]=v1&...` form fields, checked against the definitions."""
    sent: dict[str, list[str]] = {}
    for name in data:
        match = ATTRIBUTE_KEY.match(name)
        if match:
            sent.setdefault(match.group(1), []).extend(v.strip() for v in data.getlist(name) if v.strip())
    errors, answers = [], {}
    for attr in attributes:
        values = sent.get(attr.code, [])
        label = f"attribute[{attr.code}]"
        if not values:
            if attr.required:
                errors.append(_("%(a)s:必填(%(q)s)") % {"a": label, "q": attr.description})
            continue
        if attr.datatype != AttributeDatatype.MULTI and len(values) > 1:
            errors.append(_("%(a)s:只能有一个值。") % {"a": label})
            continue
        if attr.datatype in (AttributeDatatype.SINGLE, AttributeDatatype.MULTI):
            unknown = [v for v in values if v not in attr.options()]
            if unknown:
                errors.append(_("%(a)s:%(v)s 不是可选的值(可选:%(k)s)。") % {
                    "a": label, "v": ", ".join(unknown), "k": ", ".join(attr.options())})
                continue
        elif attr.datatype == AttributeDatatype.NUMBER:
            try:
                float(values[0])
            except ValueError:
                errors.append(_("%(a)s:必须是数字。") % {"a": label})
                continue
        elif attr.datatype == AttributeDatatype.DATETIME and parse_datetime(values[0]) is None:
            errors.append(_("%(a)s:必须是 ISO 8601 日期时间。") % {"a": label})
            continue
        elif attr.datatype == AttributeDatatype.STRING and "\n" in values[0]:
            errors.append(_("%(a)s:不能换行。") % {"a": label})
            continue
        answers[attr.code] = values
    if errors:
        raise Open311Error(400, *errors)
    return answers


def _answer_lines(answers: dict[str, list[str]], attributes: list[ServiceAttribute]) -> str:
    by_code = {a.code: a for a in attributes}
    return "\n".join(f"{by_code[code].description} {'、'.join(by_code[code].options().get(v, v) for v in values)}"
                     for code, values in answers.items())


def _place(client: Open311Client, address_id: str, address: str):
    """The station for a report located only by address: an address_id is a place code; an address_string
    is matched against the place names in the client's unit (the longest name found wins; names of two
    stations found equally long leave it unplaced). Unplaced reports go to the client's triage station."""
    places = PlaceName.objects.select_related("station")
    if client.unit_id:
        places = places.filter(station__path__startswith=client.unit.path)
    if address_id:
        place = places.filter(code=address_id).first()
        if place is None:
            raise Open311Error(400, _("address_id:未知的地址编码 %(c)s。") % {"c": address_id})
        return place.station, True
    found = [p for p in places.only("name", "station") if p.name and p.name in address]
    if found:
        longest = max(len(p.name) for p in found)
        stations = {p.station for p in found if len(p.name) == longest}
        if len(stations) == 1:
            return stations.pop(), True
    if client.triage_station_id:
        return client.triage_station, False
    raise Open311Error(400, _("address_string:无法从地址确定供电所,请提供 lat 和 long。"))


def _create(request, fmt):
    data = request.POST
    client = _client(data.get("api_key"))
    usage = get_usage(request, group="open311:post", key=lambda _g, _r: str(client.pk), rate=client.rate,
                      increment=True)
    if usage and usage["should_limit"]:
        raise Open311Error(429, _("提交过于频繁,请 %(s)d 秒后再试。") % {"s": usage["time_left"]})
    if not data.get("service_code"):
        raise Open311Error(400, _("service_code:必填。"))
    category = _category(data["service_code"])
    attributes = _attributes(category)
    answers = _answers(data, attributes)
    latitude, longitude = _float(data.get("lat"), "lat"), _float(data.get("long"), "long")
    address, address_id = data.get("address_string", "").strip(), data.get("address_id", "").strip()
    station, placed = None, True
    if latitude is None and not data.get("account_id"):
        if not address and not address_id:
            raise Open311Error(400, _("需要提供位置:lat 和 long,或 address_string,或 address_id。"))
        station, placed = _place(client, address_id, address)
    parts = [data.get("description", "").strip()[:MAX_DESCRIPTION], _answer_lines(answers, attributes)]
    if data.get("media_url"):
        parts.append(f"{_('照片')}: {data['media_url']}")
    if not placed:
        parts.append(_("【待定位】地址未能匹配到供电所:%(a)s") % {"a": address})
    danger = any(set(values) & set(a.urgent_keys) for a in attributes for values in [answers.get(a.code, [])])
    name = " ".join(p for p in (data.get("last_name", ""), data.get("first_name", "")) if p)
    try:
        order = order_intake(channel=Channel.OPEN311, caller_name=name, phone=data.get("phone", ""),
                             description="\n".join(p for p in parts if p), category=category.code,
                             account_number=data.get("account_id", ""), latitude=latitude, longitude=longitude,
                             address=address, station=station, urgency=Urgency.DANGER if danger else None,
                             needs_placing=not placed)
    except DomainError as exc:
        raise Open311Error(400, exc.message) from exc
    notice = order.resolution if order.status == OrderStatus.PLANNED_OUTAGE else _(
        "已受理,抢修人员将在 %(due)s 前到达现场。") % {"due": timezone.localtime(order.arrival_due).strftime("%H:%M")}
    return _respond(fmt, "service_requests", "request",
                    [{"service_request_id": order.number, "service_notice": notice, "account_id": None}],
                    status=201)


# What a list shows without a key: enough for maps and statistics, nothing that identifies a request.
PUBLIC_LIST_FIELDS = ("status", "service_name", "service_code", "agency_responsible", "requested_datetime",
                      "updated_datetime", "expected_datetime", "lat", "long")


def _list(request, fmt):
    client = _client(request.GET["api_key"]) if request.GET.get("api_key") else None
    qs = RepairOrder.objects.select_related("category", "station", "outage")
    if client is not None and client.unit_id:
        qs = qs.filter(station__path__startswith=client.unit.path)
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids and client is None:
        raise Open311Error(403, _("按 service_request_id 批量查询需要 api_key;单个报修请用 requests/{id}。"))
    if ids:
        qs = qs.filter(number__in=ids[:MAX_REQUESTS])
    else:
        start = parse_query_datetime(request.GET.get("start_date"), "start_date")
        end = parse_query_datetime(request.GET.get("end_date"), "end_date")
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
    if client is None:
        rows = [{name: row[name] for name in PUBLIC_LIST_FIELDS} for row in rows]
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
