"""Reads: lists start from `restrict(user)`; time status is computed from timestamps each time it is asked."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from wanjia.commitments.models import TimeStatus
from wanjia.commitments.services import time_status
from wanjia.core.deadlines import judged
from wanjia.core.permissions import permits
from wanjia.core.text import label
from wanjia.customers.models import phone_for
from wanjia.org.models import Unit, UnitKind
from wanjia.repairs.filtersets import RepairOrderFilterSet
from wanjia.network.models import Transformer
from wanjia.repairs.models import (NOT_ARRIVED_STATUSES, OPEN_STATUSES, PUBLIC_PLACE_KINDS, Crew, OrderStatus, Outage,
                                   PlaceName, RepairOrder, Urgency)


def is_crew_of(order: RepairOrder, user) -> bool:
    """Is `user` a member of the crew the order was sent to?"""
    return bool(order.crew_id) and order.crew.members.filter(pk=user.pk).exists()


def order_phone_for(user, order: RepairOrder) -> str:
    """The caller's number as `user` may read it: a crew member reads it in full on their own crew's orders
    only (the membership query runs only for them)."""
    own = (not permits(user, "customers.phone", "read_full") and permits(user, "customers.phone", "read_own")
           and is_crew_of(order, user))
    return phone_for(user, order.phone, own=own)


def order_list(*, user, filters=None):
    base = RepairOrder.objects.restrict(user).select_related("station", "crew", "category", "customer")
    return RepairOrderFilterSet(filters or {}, queryset=base, user=user).qs


@dataclass(frozen=True)
class OrderClock:
    """Which limit an order is running against now, and how it stands."""

    stage: str  # "arrival" or "restoration"
    due: dt.datetime | None
    status: str  # TimeStatus value
    remaining: dt.timedelta | None

    @property
    def label(self) -> str:
        return TimeStatus(self.status).label

    @property
    def remaining_minutes(self) -> int | None:
        return int(self.remaining.total_seconds() // 60) if self.remaining is not None else None

    @property
    def late_minutes(self) -> int | None:
        return -self.remaining_minutes if self.remaining_minutes is not None and self.remaining_minutes < 0 else None

    @property
    def css(self) -> str:
        return {"on_time": "success", "at_risk": "warning", "overdue": "danger"}[self.status]


def _clock(order: RepairOrder, now: dt.datetime, arrival_due: dt.datetime,
           restoration_due: dt.datetime | None) -> OrderClock:
    share = order.policy_set.at_risk_share
    arrival = time_status(started=order.received_at, due=arrival_due, finished=order.arrived_at, now=now,
                          at_risk_share=share)
    if order.arrived_at is None or restoration_due is None:
        remaining = arrival_due - now if order.arrived_at is None else None
        return OrderClock("arrival", arrival_due, arrival, remaining)
    restoration = time_status(started=order.arrived_at, due=restoration_due, finished=order.restored_at,
                              now=now, at_risk_share=share)
    worst = TimeStatus.OVERDUE if TimeStatus.OVERDUE in (arrival, restoration) else restoration
    remaining = restoration_due - now if order.restored_at is None else None
    return OrderClock("restoration", restoration_due, worst, remaining)


def order_clock(order: RepairOrder, now: dt.datetime | None = None) -> OrderClock:
    """Arrival limit until the crew is on site, then the restoration target. A finished order is overdue
    if either limit was missed."""
    return _clock(order, now or timezone.now(), order.arrival_due, order.restoration_due)


def target_clock(order: RepairOrder, now: dt.datetime | None = None) -> OrderClock | None:
    """The same against the green channel's internal targets, for an order that has them (else None)."""
    if order.target_arrival_due is None:
        return None
    return _clock(order, now or timezone.now(), order.target_arrival_due, order.target_restoration_due)


def board_orders(*, user, now: dt.datetime | None = None) -> list[tuple[RepairOrder, OrderClock]]:
    """Open orders in the order they should be handled: danger to life first (a hospital has its own supply
    for a while, a fallen line does not wait), then green-channel customers, then by urgency, then least time
    left against the nearer of the limit and the green channel's target. Each order carries `target_clock`."""
    now = now or timezone.now()
    orders = (RepairOrder.objects.restrict(user).filter(status__in=OPEN_STATUSES)
              .select_related("station", "crew", "category", "policy_set", "customer", "green_channel"))
    rows = []
    for order in orders:
        order.target_clock = target_clock(order, now)
        rows.append((order, order_clock(order, now)))
    far = dt.timedelta(days=3650)

    def rank(row):
        order, clock = row
        left = [c.remaining for c in (clock, order.target_clock) if c is not None and c.remaining is not None]
        return (order.urgency != Urgency.DANGER, order.green_channel_id is None, order.urgency, min(left, default=far))

    rows.sort(key=rank)
    return rows


def stations_for_move(*, user, order: RepairOrder):
    """The stations an order may be moved to: those of its county inside the user's scope."""
    county = order.station.path[:-Unit.steplen]
    return Unit.objects.restrict(user).filter(kind=UnitKind.STATION, path__startswith=county).order_by("path")


def state_counts(*, user) -> dict[str, int]:
    counts = dict(RepairOrder.objects.restrict(user).filter(status__in=OPEN_STATUSES)
                  .values_list("status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in OPEN_STATUSES}


def crews_for(*, user):
    return Crew.objects.restrict(user).filter(is_active=True).select_related("station")


def crew_orders(*, user):
    """The orders of the crews a crew member belongs to that still need them."""
    return (RepairOrder.objects.filter(crew__members=user, status__in=(
        OrderStatus.DISPATCHED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED))
        .select_related("station", "category", "policy_set", "customer").prefetch_related("photos")
        .order_by("urgency", "arrival_due"))


# --- assessment (考核) ----------------------------------------------------------------------------------

def _duration(end: str, start: str):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def _minutes(value) -> float | None:
    return value.total_seconds() / 60 if value is not None else None


def assessment(*, user, start: dt.date, end: dt.date, by: str, unit: Unit | None = None) -> list[dict]:
    """One row per crew, per station, or per unit directly below `unit` (default: the user's unit): orders,
    on-time arrival rate, average arrival and restoration minutes, overdue count. One grouped query."""
    tz = timezone.get_current_timezone()
    t0 = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    t1 = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    now = timezone.now()
    qs = RepairOrder.objects.restrict(user).filter(received_at__gte=t0, received_at__lt=t1).exclude(
        status__in=(OrderStatus.CANCELLED, OrderStatus.DUPLICATE, OrderStatus.PLANNED_OUTAGE))
    labels: dict = {}
    if by == "crew":
        qs = qs.filter(crew__isnull=False)
        keys = ["crew"]
        labels = {c.pk: str(c) for c in Crew.objects.filter(pk__in=qs.values("crew")).select_related("station")}
    elif by == "station":
        keys = ["station"]
        labels = dict(Unit.objects.filter(pk__in=qs.values("station")).values_list("pk", "name"))
    else:
        parent = unit or user.unit
        children = list(Unit.objects.get_children(parent)) if parent else []
        if not children:
            return []
        length = len(children[0].path)
        qs = qs.annotate(branch=Substr("station__path", 1, length))
        keys = ["branch"]
        labels = {c.path: c.name for c in children}
    rows = (qs.values(*keys).annotate(
        orders=Count("id"),
        arrived=Count("id", filter=Q(arrived_at__isnull=False)),
        arrived_on_time=Count("id", filter=Q(arrived_at__lte=F("arrival_due"))),
        # Open orders past their limit are late already: the rates' denominators count them (core.deadlines).
        arrival_judged=Count("id", filter=judged("arrival_due", "arrived_at", now)),
        restored_on_time=Count("id", filter=Q(restored_at__lte=F("restoration_due"))),
        restoration_judged=Count("id", filter=judged("restoration_due", "restored_at", now)),
        overdue=Count("id", filter=Q(arrived_at__gt=F("arrival_due")) | Q(restored_at__gt=F("restoration_due"))
                      | Q(status__in=NOT_ARRIVED_STATUSES, arrival_due__lt=now)
                      | Q(status=OrderStatus.ARRIVED, restoration_due__lt=now)),
        avg_arrival=Avg(_duration("arrived_at", "received_at")),
        avg_restoration=Avg(_duration("restored_at", "arrived_at")),
        # The green channel's own figures: its orders against the limits, and against its internal targets.
        green=Count("id", filter=GREEN),
        green_on_time=Count("id", filter=GREEN & Q(arrived_at__lte=F("arrival_due"))),
        green_judged=Count("id", filter=GREEN & judged("arrival_due", "arrived_at", now)),
        target_arrival_on=Count("id", filter=Q(arrived_at__lte=F("target_arrival_due"))),
        target_arrival_judged=Count("id", filter=judged("target_arrival_due", "arrived_at", now)),
        target_restoration_on=Count("id", filter=Q(restored_at__lte=F("target_restoration_due"))),
        target_restoration_judged=Count("id", filter=judged("target_restoration_due", "restored_at", now)),
        target_missed=Count("id", filter=missed_target(now)),
    ).order_by(*keys))
    result = []
    for row in rows:
        key = row[keys[0]]
        result.append({
            "key": key, "name": labels.get(key, key), "orders": row["orders"], "arrived": row["arrived"],
            "on_time_rate": row["arrived_on_time"] / row["arrival_judged"] if row["arrival_judged"] else None,
            "restoration_rate": (row["restored_on_time"] / row["restoration_judged"]
                                 if row["restoration_judged"] else None),
            "avg_arrival_minutes": _minutes(row["avg_arrival"]),
            "avg_restoration_minutes": _minutes(row["avg_restoration"]), "overdue": row["overdue"],
            "green": {"orders": row["green"], "on_time_rate": _rate(row["green_on_time"], row["green_judged"]),
                      "arrival_target_rate": _rate(row["target_arrival_on"], row["target_arrival_judged"]),
                      "restoration_target_rate": _rate(row["target_restoration_on"], row["target_restoration_judged"]),
                      "missed": row["target_missed"]},
        })
    return result


GREEN = Q(green_channel__isnull=False)


def _rate(on: int, judged_count: int) -> float | None:
    return on / judged_count if judged_count else None


def missed_target(now: dt.datetime) -> Q:
    """Green-channel orders that missed (or are missing) an internal target."""
    return (Q(arrived_at__gt=F("target_arrival_due")) | Q(restored_at__gt=F("target_restoration_due"))
            | Q(status__in=NOT_ARRIVED_STATUSES, target_arrival_due__lt=now)
            | Q(status=OrderStatus.ARRIVED, target_restoration_due__lt=now))


def overdue_orders(*, user, start: dt.date, end: dt.date):
    """Orders that missed (or are missing) a limit, with the reason given."""
    tz = timezone.get_current_timezone()
    t0 = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    t1 = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    now = timezone.now()
    return (RepairOrder.objects.restrict(user).filter(received_at__gte=t0, received_at__lt=t1)
            .filter(Q(arrived_at__gt=F("arrival_due")) | Q(restored_at__gt=F("restoration_due"))
                    | Q(status__in=NOT_ARRIVED_STATUSES, arrival_due__lt=now)
                    | Q(status=OrderStatus.ARRIVED, restoration_due__lt=now))
            .select_related("station", "crew", "category").order_by("-received_at"))


# --- public (no personal data) --------------------------------------------------------------------------

def order_public_status(*, number: str, phone_last4: str) -> dict | None:
    """What a caller may see of their order: status and times, nothing personal. None unless the number
    exists and the last four digits of the phone match."""
    number, phone_last4 = (number or "").strip(), (phone_last4 or "").strip()
    if len(phone_last4) != 4 or not number:
        return None
    order = (RepairOrder.objects.select_related("station", "category").filter(number=number).first())
    if order is None or order.phone[-4:] != phone_last4:
        return None
    timeline = [{"status": e.to_status, "status_label": OrderStatus(e.to_status).label, "at": e.at}
                for e in order.events.all() if e.to_status != e.from_status]
    return {
        "number": order.number, "status": order.status, "status_label": order.get_status_display(),
        "category": label(order.category), "station": order.station.name, "station_phone": order.station.phone,
        "received_at": order.received_at, "arrival_due": order.arrival_due, "arrived_at": order.arrived_at,
        "restored_at": order.restored_at, "is_open": order.is_open, "timeline": timeline,
    }


# --- outages and the places they reach ---------------------------------------------------------------

def affected_places(outages) -> dict[int, list[PlaceName]]:
    """The villages and communities each outage reaches (outage id -> places, villages and communities first,
    then by name): those fed by its transformers, or by any transformer on its feeder when it lists none (a
    whole-feeder outage). Where none of the places fed by those devices is known, the station's places that
    are linked to no transformer stand in: nothing rules them out. Two queries for any number of outages
    (with their transformers prefetched)."""
    outages = list(outages)
    if not outages:
        return {}
    devices = {o.pk: {t.pk for t in o.transformers.all()} for o in outages}
    feeder_ids = {o.feeder_id for o in outages if not devices[o.pk]}
    links = PlaceName.transformers.through.objects.filter(
        Q(transformer_id__in=set().union(*devices.values())) | Q(transformer__feeder_id__in=feeder_ids))
    by_transformer: dict[int, set[int]] = {}
    by_feeder: dict[int, set[int]] = {}
    for place_id, transformer_id, feeder_id in links.values_list("placename_id", "transformer_id",
                                                                 "transformer__feeder_id"):
        by_transformer.setdefault(transformer_id, set()).add(place_id)
        by_feeder.setdefault(feeder_id, set()).add(place_id)
    linked = {o.pk: (set().union(*(by_transformer.get(t, set()) for t in devices[o.pk])) if devices[o.pk]
                     else by_feeder.get(o.feeder_id, set())) for o in outages}
    linked_ids = set().union(*linked.values())
    unlinked_stations = {o.station_id for o in outages if not linked[o.pk]}
    places = {p.pk: p for p in PlaceName.objects.filter(
        Q(pk__in=linked_ids) | Q(station_id__in=unlinked_stations, transformers__isnull=True)).distinct()}
    unlinked: dict[int, list[PlaceName]] = {}
    for place in places.values():
        if place.pk not in linked_ids:
            unlinked.setdefault(place.station_id, []).append(place)

    def ordered(found):
        return sorted(found, key=lambda p: (p.kind not in PUBLIC_PLACE_KINDS, p.name))

    return {o.pk: ordered([places[i] for i in linked[o.pk]] if linked[o.pk] else unlinked.get(o.station_id, []))
            for o in outages}


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The smallest convex polygon around the points (Andrew's monotone chain), to shade an outage's area."""
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def outage_state(outage: Outage, now: dt.datetime) -> str:
    """What a dispatcher needs to know first: ahead (planned, not begun), on (power off now), restored or
    cancelled; `late` is on past its expected restoration."""
    if outage.is_cancelled:
        return "cancelled"
    if outage.restored_at is not None:
        return "restored"
    if outage.started_at > now:
        return "ahead"
    if outage.expected_restoration_at is not None and outage.expected_restoration_at < now:
        return "late"
    return "on"


def current_outages(*, unit: Unit | None = None, user=None, now: dt.datetime | None = None, limit: int = 500):
    """Outages under way and planned ones ahead (not cancelled), earliest first: in `user`'s scope, or the
    public's view under `unit`."""
    now = now or timezone.now()
    qs = Outage.objects.restrict(user) if user is not None else Outage.objects.all()
    qs = qs.filter(is_cancelled=False).filter(
        Q(restored_at__isnull=True, started_at__lte=now) | Q(kind=Outage.Kind.PLANNED, started_at__gt=now))
    if unit is not None:
        qs = qs.filter(station__path__startswith=unit.path)
    return qs.select_related("station", "feeder").prefetch_related("transformers").order_by("started_at")[:limit]


def outage_map(*, user, now: dt.datetime | None = None) -> dict:
    """The outage page's map: per outage under way or ahead, the points where it is (its transformers, the
    feeder's transformers for a whole feeder, else its places, else its station), the area around them and
    what the popup says, places affected included; and the outlines of the stations concerned, the background
    when no tile server is configured. Text is data: the page's script sets it as text."""
    now = now or timezone.now()
    outages = list(current_outages(user=user, now=now))
    places = affected_places(outages)
    feeder_points: dict[int, list[tuple[float, float]]] = {}
    for feeder_id, lat, lon in (Transformer.objects.filter(
            feeder_id__in={o.feeder_id for o in outages if not o.transformers.all()}, latitude__isnull=False)
            .values_list("feeder_id", "latitude", "longitude")):
        feeder_points.setdefault(feeder_id, []).append((lat, lon))
    shown = []
    for o in outages:
        points = ([(t.latitude, t.longitude) for t in o.transformers.all() if t.has_location]
                  or feeder_points.get(o.feeder_id)
                  or [(p.latitude, p.longitude) for p in places[o.pk] if p.has_location]
                  or ([(o.station.latitude, o.station.longitude)] if o.station.has_location else []))
        if not points:
            continue
        shown.append({
            "id": o.pk, "state": outage_state(o, now), "kind": o.get_kind_display(), "points": points,
            "area": _convex_hull(points) if len(points) >= 3 else [],
            "title": o.area_description or o.feeder.name, "station": o.station.name,
            "start": timezone.localtime(o.started_at).strftime("%Y-%m-%d %H:%M"),
            "expected": (timezone.localtime(o.expected_restoration_at).strftime("%Y-%m-%d %H:%M")
                         if o.expected_restoration_at else ""),
            "customers": o.customers_affected, "places": [p.name for p in places[o.pk]],
        })
    stations = (Unit.objects.filter(pk__in={o.station_id for o in outages}, boundary__isnull=False)
                .only("name", "boundary"))
    return {"outages": shown, "stations": [{"name": s.name, "boundary": s.boundary} for s in stations]}


def public_places(*, county: Unit) -> list[PlaceName]:
    """The villages and communities a member of the public may pick in a county, by station, then name."""
    return list(PlaceName.objects.filter(kind__in=PUBLIC_PLACE_KINDS, station__is_active=True,
                                         station__path__startswith=county.path)
                .select_related("station").order_by("station__path", "name"))


def public_outages(*, unit: Unit | None = None, now: dt.datetime | None = None) -> list[dict]:
    """Current outages and planned ones ahead, described by the villages and communities they reach (the
    public knows places, not line names), with a planned outage's notice, start and expected restoration."""
    now = now or timezone.now()
    outages = list(current_outages(unit=unit, now=now))
    places = affected_places(outages)
    return [{
        "id": o.pk, "kind": o.kind, "kind_label": o.get_kind_display(), "is_current": o.started_at <= now,
        "places": [p.name for p in places[o.pk]], "station": o.station.name,
        # A planned outage's range is a notice written for customers; an unplanned one's names the device.
        "notice": o.area_description if o.kind == Outage.Kind.PLANNED else "",
        "start": o.started_at, "expected_restoration": o.expected_restoration_at,
        "cause": o.get_cause_display(), "customers_affected": o.customers_affected,
    } for o in outages]


def todo(*, user, now: dt.datetime) -> list:
    """Home page: orders waiting for a crew, and open orders overdue or at risk (desk roles); a crew's own
    orders to reach."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from wanjia.core.home import Todo, TodoRow

    found = []
    if user.has_role("crew") and not user.is_superuser:
        mine = list(crew_orders(user=user))
        found.append(Todo(_("我的抢修工单"), len(mine), reverse("repairs:crew"), "danger" if any(
            o.arrival_due < now for o in mine if o.arrived_at is None) else "primary",
            [TodoRow(f"{o.number} {o.address}", reverse("repairs:crew"), o.arrival_due) for o in mine[:5]], order=1))
    if user.has_role("dispatcher", "manager"):
        rows = board_orders(user=user, now=now)
        waiting = [(o, c) for o, c in rows if o.status == OrderStatus.RECEIVED]
        late = [(o, c) for o, c in rows if c.status == TimeStatus.OVERDUE]
        risk = [(o, c) for o, c in rows if c.status == TimeStatus.AT_RISK]

        def rows_of(pairs):
            return [TodoRow(f"{o.number} {o.address}", reverse("repairs:order", args=[o.pk]), c.due)
                    for o, c in pairs[:5]]

        board = reverse("repairs:board")
        found += [Todo(_("待派工的抢修工单"), len(waiting), board, "warning", rows_of(waiting), order=10),
                  Todo(_("超时的抢修工单"), len(late), board, "danger", rows_of(late), order=11),
                  Todo(_("临期的抢修工单"), len(risk), board, "warning", rows_of(risk), order=12)]
    return found
