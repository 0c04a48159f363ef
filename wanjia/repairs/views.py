"""Repair desk pages: dispatcher board, order list and detail, intake, the crew's phone page, assessment,
outages and reliability. Views parse input and call services; every queryset starts from `restrict(user)`."""
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from wanjia.commitments.models import FloorScope, QualityIndicator
from wanjia.commitments.selectors import quality_floor
from wanjia.core.dates import parse_query_date, parse_query_datetime
from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.permissions import permits
from wanjia.core.text import label
from wanjia.core.views import RoleRequiredMixin, ScopedMixin
from wanjia.org.models import AreaType, Unit
from wanjia.org.selectors import lineage
from wanjia.repairs import outages as outage_services
from wanjia.repairs import selectors, services
from wanjia.repairs.filtersets import RepairOrderFilterSet
from wanjia.repairs.forms import CallbackForm, IntakeForm, PlannedOutageForm, apply_errors
from wanjia.repairs.models import (NOT_ARRIVED_STATUSES, Callback, Crew, FollowUp, OrderStatus, Outage,
                                   ReliabilityStandard, RepairOrder)
from wanjia.repairs.reliability import child_indices, default_standard, monthly_indices, reliability_indices

def _period(request, default_days: int = 30, default_start=None) -> tuple[dt.date, dt.date]:
    """The period in the query string; by default the `default_days` up to today, or from
    `default_start(end)`."""
    today = timezone.localdate()
    first = default_start or (lambda end: end - dt.timedelta(days=default_days - 1))
    try:
        end = parse_query_date(request.GET.get("end"), "end") or today
        start = parse_query_date(request.GET.get("start"), "start") or first(end)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
        start, end = first(today), today
    return (start, end) if start <= end else (end, start)


def board_context(request) -> dict:
    rows = selectors.board_orders(user=request.user)
    return {
        "rows": rows, "unplaced": [(o, c) for o, c in rows if o.needs_placing], "counts": [(OrderStatus(s).label, s, n) for s, n in
                                 selectors.state_counts(user=request.user).items()],
        "late": sum(1 for _o, c in rows if c.status == "overdue"),
        "at_risk": sum(1 for _o, c in rows if c.status == "at_risk"),
        "crews": list(selectors.crews_for(user=request.user)),
        "can_dispatch": permits(request.user, "repairs.order", "dispatch"),
        "now": timezone.now(),
    }


class BoardView(ScopedMixin, View):
    """The dispatcher's board; `panel` is the part HTMX reloads every 30 seconds."""

    model = RepairOrder
    resource = "repairs.board"

    def get(self, request, panel: bool = False):
        return render(request, "repairs/board_panel.html" if panel else "repairs/board.html", board_context(request))


class BoardMapView(ScopedMixin, View):
    """Open orders and station areas as JSON for the board's Leaflet map."""

    model = RepairOrder
    resource = "repairs.board"

    def get(self, request):
        points = [{"id": o.pk, "number": o.number, "lat": o.latitude, "lon": o.longitude, "status": clock.status,
                   "label": f"{o.number} {label(o.category)} {o.get_status_display()}",
                   "green": label(o.green_channel) if o.green_channel_id else "",
                   "url": reverse("repairs:order", args=[o.pk])}
                  for o, clock in selectors.board_orders(user=request.user) if o.latitude is not None]
        stations = Unit.objects.restrict(request.user).filter(kind="station", boundary__isnull=False)
        areas = [{"name": s.name, "boundary": s.boundary} for s in stations.only("name", "boundary")[:300]]
        return JsonResponse({"orders": points, "stations": areas})


class OrderListView(ScopedMixin, View):
    model = RepairOrder
    resource = "repairs.order"

    def get(self, request):
        qs = selectors.order_list(user=request.user, filters=request.GET)
        if request.GET.get("format") == "xlsx":
            return self.export(qs)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(request, "repairs/order_list.html", {
            "page": page, "filter": RepairOrderFilterSet(request.GET, queryset=qs)})

    def export(self, qs):
        user = self.request.user
        columns = [Column("工单号", 22), Column("受理时间", 18, "yyyy-mm-dd hh:mm"), Column("渠道"), Column("类别"),
                   Column("紧急程度"), Column("状态"), Column("供电所", 20), Column("班组", 16), Column("报修人"),
                   Column("电话"), Column("地址", 40), Column("到达时限", 18, "yyyy-mm-dd hh:mm"),
                   Column("到达时间", 18, "yyyy-mm-dd hh:mm"), Column("复电时间", 18, "yyyy-mm-dd hh:mm"),
                   Column("超时原因", 30), Column("绿色通道", 12), Column("到达目标(绿色通道)", 18, "yyyy-mm-dd hh:mm"),
                   Column("复电目标(绿色通道)", 18, "yyyy-mm-dd hh:mm")]
        rows = ((o.number, o.received_at, o.get_channel_display(), label(o.category), o.get_urgency_display(),
                 o.get_status_display(), o.station.name, o.crew.name if o.crew else "", o.caller_name,
                 selectors.order_phone_for(user, o), o.address, o.arrival_due, o.arrived_at, o.restored_at,
                 o.delay_reason, label(o.green_channel), o.target_arrival_due,
                 o.target_restoration_due)
                for o in qs.select_related("green_channel").iterator(chunk_size=2000))
        return xlsx_response("抢修工单.xlsx", [("工单", columns, rows)])


class OrderDetailView(ScopedMixin, View):
    model = RepairOrder
    resource = "repairs.order"

    def get(self, request, pk):
        order = get_object_or_404(self.get_queryset().select_related(
            "station", "crew", "category", "customer", "policy_set", "outage", "duplicate_of", "green_channel"), pk=pk)
        callback = Callback.objects.filter(order=order).first()
        return render(request, "repairs/order_detail.html", {
            "order": order, "clock": selectors.order_clock(order), "target": selectors.target_clock(order),
            "shown_phone": selectors.order_phone_for(request.user, order),
            "events": [(e, OrderStatus(e.to_status).label if e.from_status != e.to_status else "")
                       for e in order.events.select_related("actor")], "photos": order.photos.all(),
            "crews": selectors.crews_for(user=request.user), "callback": callback,
            "follow_up": FollowUp.objects.filter(callback__order=order).first(),
            "callback_form": CallbackForm(), "allowed": order.TRANSITIONS.get(order.status, set()),
            "can_dispatch": self.permits("dispatch"),
            "move_stations": (selectors.stations_for_move(user=request.user, order=order)
                              if self.permits("move") and order.status in NOT_ARRIVED_STATUSES else []),
            "area_label": AreaType(order.area_type).label if order.area_type in AreaType.values else order.area_type,
        })


class OrderCreateView(RoleRequiredMixin, View):
    resource = "repairs.order"
    action = write_action = "create"

    def get(self, request):
        return render(request, "repairs/order_form.html", {"form": IntakeForm()})

    def post(self, request):
        form = IntakeForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.order_intake(
                    channel=data["channel"], caller_name=data["caller_name"], phone=data["phone"],
                    description=data["description"], category=data["category"].code,
                    account_number=data["account_number"], latitude=data["latitude"], longitude=data["longitude"],
                    address=data["address"], actor=request.user, photos=request.FILES.getlist("photos"))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已受理工单 %(n)s。") % {"n": order.number})
                if order.status == OrderStatus.PLANNED_OUTAGE:
                    messages.info(request, order.resolution)
                if RepairOrder.objects.restrict(request.user).filter(pk=order.pk).exists():
                    return redirect("repairs:order", pk=order.pk)
                return redirect("repairs:new")  # taken for another county's station: not ours to show
        return render(request, "repairs/order_form.html", {"form": form}, status=400)


class OrderActionView(ScopedMixin, View):
    """One POST endpoint per named action (dispatch, arrive, ...), used by the board, detail and crew pages."""

    model = RepairOrder
    resource = "repairs.order"
    url_action_kwarg = "action"
    scope_action = "change"

    def post(self, request, pk, action):
        order = get_object_or_404(self.get_queryset().select_related("station", "crew", "policy_set", "outage"),
                                  pk=pk)
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise Http404
        try:
            message = handler(request, order)
        except ValidationError as exc:
            for text in (sum(exc.message_dict.values(), []) if hasattr(exc, "error_dict") else exc.messages):
                messages.error(request, text)
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, message)
        if request.htmx and request.POST.get("panel"):
            return render(request, "repairs/board_panel.html", board_context(request))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("repairs:order", args=[order.pk])
        return redirect(target)

    def _at(self, request):
        # The shared reader: a year-1 time would overflow when compared with now.
        return parse_query_datetime(request.POST.get("at"), "at")

    def do_dispatch(self, request, order):
        crew = Crew.objects.restrict(request.user).filter(pk=request.POST.get("crew") or 0).first()
        if crew is None:
            raise ValidationError({"crew": [_("请选择抢修班组。")]})
        services.order_dispatch(order=order, crew=crew, actor=request.user, at=self._at(request))
        return _("%(n)s 已派给 %(c)s。") % {"n": order.number, "c": crew.name}

    def do_move(self, request, order):
        station = selectors.stations_for_move(user=request.user, order=order).filter(
            pk=request.POST.get("station") or 0).first()
        if station is None:
            raise ValidationError({"station": [_("请选择本县的供电所。")]})
        before = order.station_id
        services.order_move_station(order=order, station=station, actor=request.user,
                                    note=request.POST.get("note", ""))
        if station.pk == before:
            return _("已核实 %(n)s 由 %(s)s 负责。") % {"n": order.number, "s": station.name}
        return _("%(n)s 已转到 %(s)s,时限已按该所区域重算。") % {"n": order.number, "s": station.name}

    def do_travel(self, request, order):
        services.order_start_travel(order=order, actor=request.user, at=self._at(request))
        return _("已出发。")

    def do_arrive(self, request, order):
        services.order_arrive(order=order, actor=request.user, at=self._at(request))
        return _("已到达现场。")

    def do_restore(self, request, order):
        services.order_restore(order=order, actor=request.user, resolution=request.POST.get("resolution", ""),
                               at=self._at(request), cause=request.POST.get("cause", ""))
        return _("已恢复供电。")

    def do_delay(self, request, order):
        services.order_explain_delay(order=order, actor=request.user, reason=request.POST.get("reason", ""))
        return _("已记录超时原因。")

    def do_cancel(self, request, order):
        services.order_cancel(order=order, actor=request.user, note=request.POST.get("note", ""))
        return _("工单已撤销。")

    def do_customer_side(self, request, order):
        services.order_mark_customer_side(order=order, actor=request.user, note=request.POST.get("note", ""))
        return _("已判为客户内部故障。")

    def do_duplicate(self, request, order):
        other = RepairOrder.objects.restrict(request.user).filter(number=request.POST.get("duplicate_of", "")).first()
        if other is None:
            raise ValidationError({"duplicate_of": [_("找不到该工单号。")]})
        services.order_mark_duplicate(order=order, duplicate_of=other, actor=request.user,
                                      note=request.POST.get("note", ""))
        return _("已标为重复报修。")

    def do_photo(self, request, order):
        image = request.FILES.get("image")
        if image is None:
            raise ValidationError({"image": [_("请选择照片。")]})
        services.order_add_photo(order=order, image=image, actor=request.user, caption=request.POST.get("caption", ""))
        return _("照片已上传。")

    def do_callback(self, request, order):
        form = CallbackForm(request.POST)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        services.callback_record(order=order, satisfaction=form.cleaned_data["satisfaction"],
                                 comment=form.cleaned_data["comment"], actor=request.user)
        return _("回访已记录。")

    def do_close(self, request, order):
        services.order_close(order=order, actor=request.user)
        return _("工单已归档。")


class CrewPageView(RoleRequiredMixin, View):
    """The crew member's phone page: my orders with one-tap steps and photo upload."""

    resource = "repairs.crew_page"

    def get(self, request):
        rows = [(o, selectors.order_clock(o)) for o in selectors.crew_orders(user=request.user)]
        return render(request, "repairs/crew.html", {"rows": rows})


class AssessmentView(ScopedMixin, View):
    model = RepairOrder
    resource = "repairs.assessment"

    def get(self, request):
        start, end = _period(request)
        by = request.GET.get("by") if request.GET.get("by") in ("crew", "station", "unit") else "station"
        rows = selectors.assessment(user=request.user, start=start, end=end, by=by)
        overdue = selectors.overdue_orders(user=request.user, start=start, end=end)
        if request.GET.get("format") == "xlsx":
            columns = [Column("对象", 24), Column("工单数", 10), Column("按时到达率", 12, "0.0%"),
                       Column("平均到达(分钟)", 14, "0.0"), Column("平均复电(分钟)", 14, "0.0"),
                       Column("复电达标率", 12, "0.0%"), Column("超时工单", 10)]
            data = ((r["name"], r["orders"], r["on_time_rate"], r["avg_arrival_minutes"],
                     r["avg_restoration_minutes"], r["restoration_rate"], r["overdue"]) for r in rows)
            late = [Column("工单号", 22), Column("供电所", 20), Column("班组", 16), Column("受理", 18, "yyyy-mm-dd hh:mm"),
                    Column("到达时限", 18, "yyyy-mm-dd hh:mm"), Column("到达", 18, "yyyy-mm-dd hh:mm"), Column("原因", 40)]
            late_rows = ((o.number, o.station.name, o.crew.name if o.crew else "", o.received_at, o.arrival_due,
                          o.arrived_at, o.delay_reason) for o in overdue.iterator())
            green = [Column("对象", 24), Column("绿色通道工单", 12), Column("按时到达率(时限)", 14, "0.0%"),
                     Column("到达目标达成率", 14, "0.0%"), Column("复电目标达成率", 14, "0.0%"), Column("未达目标工单", 12)]
            green_rows = ((r["name"], r["green"]["orders"], r["green"]["on_time_rate"], r["green"]["arrival_target_rate"],
                           r["green"]["restoration_target_rate"], r["green"]["missed"]) for r in rows if r["green"]["orders"])
            return xlsx_response(f"抢修考核_{start}_{end}.xlsx", [("考核", columns, data), ("绿色通道", green, green_rows),
                                                               ("超时工单", late, late_rows)])
        return render(request, "repairs/assessment.html", {
            "rows": rows, "by": by, "start": start, "end": end,
            "green_orders": sum(r["green"]["orders"] for r in rows),
            "overdue": Paginator(overdue, 50).get_page(request.GET.get("page"))})


class OutageListView(ScopedMixin, View):
    """Outages with the villages and communities each reaches, and a map of those under way and ahead."""

    model = Outage
    resource = "repairs.outage"

    def get(self, request):
        qs = self.get_queryset().select_related("station", "feeder").prefetch_related("transformers")
        kind = request.GET.get("kind")
        if kind in Outage.Kind.values:
            qs = qs.filter(kind=kind)
        if request.GET.get("open"):
            qs = qs.filter(restored_at__isnull=True, is_cancelled=False)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        now = timezone.now()
        places = selectors.affected_places(page.object_list)
        rows = [(o, selectors.outage_state(o, now), places[o.pk]) for o in page.object_list]
        return render(request, "repairs/outage_list.html", {
            "page": page, "rows": rows, "kinds": Outage.Kind.choices,
            "map": selectors.outage_map(user=request.user, now=now)})


class PlannedOutageCreateView(RoleRequiredMixin, View):
    resource = "repairs.outage"
    action = write_action = "planned"

    def get(self, request):
        return render(request, "repairs/planned_outage_form.html", {"form": PlannedOutageForm(user=request.user)})

    def post(self, request):
        form = PlannedOutageForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outage = outage_services.planned_outage_create(
                    actor=request.user, feeder=data["feeder"], transformers=data["transformers"],
                    starts_at=data["starts_at"], ends_at=data["ends_at"], notice_at=data["notice_at"],
                    area_description=data["area_description"], cause_detail=data["cause_detail"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("计划停电已登记,影响 %(n)d 户。") % {"n": outage.customers_affected})
                return redirect("repairs:outages")
        return render(request, "repairs/planned_outage_form.html", {"form": form}, status=400)


class OutageRestoreView(ScopedMixin, View):
    model = Outage
    resource = "repairs.outage"
    write_action = "restore"
    scope_action = "change"

    def post(self, request, pk):
        outage = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            if request.POST.get("cancel"):
                outage_services.planned_outage_cancel(outage=outage, actor=request.user)
            else:
                outage_services.outage_restore(outage=outage, actor=request.user, cause=request.POST.get("cause", ""),
                                               cause_detail=request.POST.get("cause_detail", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(sum(exc.message_dict.values(), [])))
        return redirect("repairs:outages")


def _with_query(request, **changes) -> str:
    """This page's address with some query parameters replaced."""
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"{request.path}?{query.urlencode()}"


def _twelve_months(end: dt.date) -> dt.date:
    """The first day of the month eleven months before `end`'s: twelve calendar months, as reliability is
    reported (the regulator's floors are annual)."""
    return dt.date(end.year - (end.month < 12), end.month % 12 + 1, 1)


# The indices drawn, in order: key, name, unit of measure, decimals, whether a higher value is worse.
def _index_legend() -> list[dict]:
    return [
        {"key": "saifi", "name": "SAIFI", "unit": _("次/户"), "decimals": 4, "higher_is_worse": True},
        {"key": "saidi", "name": "SAIDI", "unit": _("分钟/户"), "decimals": 2, "higher_is_worse": True},
        {"key": "caidi", "name": "CAIDI", "unit": _("分钟/次"), "decimals": 2, "higher_is_worse": True},
        {"key": "asai", "name": "ASAI", "unit": "", "decimals": 6, "higher_is_worse": False},
    ]


def _point_json(point) -> dict:
    return {"label": point.label, "customers": point.customers_total, "saifi": point.saifi,
            "saidi": point.saidi_minutes, "caidi": point.caidi_minutes, "asai": point.asai}


class ReliabilityView(RoleRequiredMixin, View):
    """The indices of a unit for a period: a monthly trend, its child units ranked worst first, and the
    exact figures (IEEE 1366 and DL/T 836.1) below."""

    resource = "repairs.reliability"

    def get(self, request):
        start, end = _period(request, default_start=_twelve_months)
        units = Unit.objects.restrict(request.user).exclude(kind__in=("station", "hall"))
        unit = units.filter(code=request.GET.get("unit", "")).first() or request.user.unit
        if unit is None:
            raise PermissionDenied(_("您没有所属单位。"))
        standards = ReliabilityStandard.objects.all()
        standard = standards.filter(code=request.GET.get("standard", "")).first() or default_standard()
        exclude_med = bool(request.GET.get("exclude_med"))
        indices = reliability_indices(unit=unit, start=start, end=end, standard=standard, exclude_med=exclude_med)
        excluded = [d for d, _v in indices.med.days] if indices.med else []
        months = monthly_indices(unit=unit, start=start, end=end, standard=standard, excluded_days=excluded)
        children = child_indices(unit=unit, start=start, end=end, standard=standard, excluded_days=excluded)
        # A child's bar opens its own page for the same period, where the unit picker offers it.
        drillable = set(units.filter(pk__in=[c.unit.pk for c in children]).values_list("pk", flat=True))
        for child in children:
            child.href = _with_query(request, unit=child.unit.code) if child.unit.pk in drillable else None
        chart = {
            "indices": _index_legend(),
            "months": [_point_json(m) for m in months],
            "children": [{**_point_json(c), "href": c.href} for c in children],
            "words": {"customers": _("户数"), "minutes": _("分钟")},
        }
        floor = quality_floor(QualityIndicator.SUPPLY_RELIABILITY, FloorScope.URBAN)
        return render(request, "repairs/reliability.html", {
            "ind": indices, "floor": floor,
            "rs1_below": floor is not None and indices.rs1 is not None and not floor.is_met(indices.rs1),
            "asai_below": floor is not None and indices.asai is not None and not floor.is_met(indices.asai),
            "unit": unit, "units": units[:200],
            "lineage": [(u, _with_query(request, unit=u.code)) for u in lineage(user=request.user, unit=unit)],
            "standards": standards, "standard": standard, "start": start, "end": end, "exclude_med": exclude_med,
            "months": months, "children": children, "chart": chart})


class FollowUpListView(ScopedMixin, View):
    model = FollowUp
    resource = "repairs.followup"

    def get(self, request):
        qs = self.get_queryset().select_related("callback__order__station", "closed_by")
        if not request.GET.get("all"):
            qs = qs.filter(closed_at__isnull=True)
        return render(request, "repairs/followups.html", {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "can_close": self.permits("write")})

    def post(self, request):
        follow_up = get_object_or_404(FollowUp.objects.restrict(request.user, "change"), pk=request.POST.get("id"))
        try:
            services.followup_close(follow_up=follow_up, actor=request.user,
                                    resolution=request.POST.get("resolution", ""))
            messages.success(request, _("跟进已关闭。"))
        except ValidationError as exc:
            messages.error(request, " ".join(sum(exc.message_dict.values(), [])))
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
        return redirect("repairs:followups")
