""""Getting electricity" (获得电力) figures. Per application: working days used by the utility (stages minus
pauses) and overall (intake to connection), customer visits, stages used. Per unit and period: on-time rate
per stage, average days per class, longest open applications and a ranking of the units below. The period
figures are SQL aggregates over stored deadlines and durations; Python only counts time for the few rows
it shows (the longest open)."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Max, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from wanjia.commitments.models import ConnectionStage
from wanjia.connections.models import Application, StageRecord
from wanjia.connections.selectors import stage_states
from wanjia.core import worktime
from wanjia.customers.models import CustomerClass
from wanjia.org.models import Unit, UnitKind


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        lo = dt.datetime.combine(self.start, dt.time(), tzinfo=tz)
        hi = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        return lo, hi


def application_figures(application: Application, now: dt.datetime | None = None, states=None) -> dict:
    """Utility-only and overall working days (up to connection, or up to now while open), visits, stages."""
    now = now or timezone.now()
    states = states if states is not None else stage_states(application, now)
    if application.connected_at:
        utility, total = application.utility_days, application.total_days
    else:
        end = application.completed_at or now
        utility = sum(s["used_days"] or 0 for s in states if s["stage"] != ConnectionStage.ARCHIVED)
        total = worktime.elapsed_days(application.received_at, end)
    visits = getattr(application, "visit_count", None)
    if visits is None:
        visits = application.visits.count()
    return {"utility_days": utility, "total_days": total, "visits": visits,
            "stages_used": sum(1 for s in states if s["started_at"]), "stages_in_map": len(states)}


def _stages_in(unit: Unit, period: Period):
    """Stages assessed against their limit in the period (core.deadlines): finished in time that day, or past
    their deadline then, finished later or still open."""
    return StageRecord.objects.filter(application__station__path__startswith=unit.path, limit_days__isnull=False,
                                      assessed_on__range=(period.start, period.end))


ON_TIME = Count("id", filter=Q(finished_at__lte=F("due_at")))


def on_time_by_stage(unit: Unit, period: Period) -> list[dict]:
    """Stages finished in the period that have a limit: how many, how many by their deadline, the rate."""
    rows = {r["stage"]: r for r in _stages_in(unit, period).values("stage").annotate(total=Count("id"), on_time=ON_TIME)}
    out = []
    for stage in ConnectionStage:
        row = rows.get(stage.value)
        if row:
            out.append({"stage": stage.value, "label": stage.label, "total": row["total"], "on_time": row["on_time"],
                        "rate": row["on_time"] / row["total"]})
    return out


def on_time_rate(unit: Unit, period: Period) -> float | None:
    row = _stages_in(unit, period).aggregate(total=Count("id"), on_time=ON_TIME)
    return row["on_time"] / row["total"] if row["total"] else None


ON_TARGET = Count("id", filter=Q(finished_at__lte=F("target_due_at")))


def green_by_stage(unit: Unit, period: Period) -> list[dict]:
    """The green channel's own figures per stage: its stages against their limits (as above, each assessed on
    its day), and against the internal targets (assessed on the target's own day by the same rule). The rows
    for all applications above include these stages too, judged by the limit only."""
    green = StageRecord.objects.filter(application__station__path__startswith=unit.path,
                                       application__green_channel__isnull=False)
    span = (period.start, period.end)
    by_limit = {r["stage"]: r for r in green.filter(limit_days__isnull=False, assessed_on__range=span)
                .values("stage").annotate(total=Count("id"), on=ON_TIME)}
    by_target = {r["stage"]: r for r in green.filter(target_days__isnull=False, target_assessed_on__range=span)
                 .values("stage").annotate(total=Count("id"), on=ON_TARGET)}
    out = []
    for stage in ConnectionStage:
        limit, target = by_limit.get(stage.value), by_target.get(stage.value)
        if limit or target:
            out.append({"stage": stage.value, "label": stage.label,
                        "limit_total": limit["total"] if limit else 0,
                        "limit_rate": limit["on"] / limit["total"] if limit else None,
                        "target_total": target["total"] if target else 0,
                        "target_rate": target["on"] / target["total"] if target else None})
    return out


def average_days_by_class(unit: Unit, period: Period) -> list[dict]:
    """Applications connected in the period: average utility and overall working days per class."""
    lo, hi = period.bounds
    rows = {r["customer_class"]: r for r in Application.objects.filter(
        station__path__startswith=unit.path, connected_at__gte=lo, connected_at__lt=hi,
    ).values("customer_class").annotate(n=Count("id"), utility=Avg("utility_days"), total=Avg("total_days"),
                                         longest=Max("total_days"))}
    return [{"customer_class": c.value, "label": c.label, "n": rows[c.value]["n"],
             "utility_days": rows[c.value]["utility"], "total_days": rows[c.value]["total"],
             "longest_days": rows[c.value]["longest"]}
            for c in CustomerClass if c.value in rows]


def longest_open(unit: Unit, limit: int = 10, now: dt.datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    open_statuses = [s.value for s in ConnectionStage]
    apps = (Application.objects.filter(station__path__startswith=unit.path, status__in=open_statuses)
            .select_related("station").order_by("received_at")[:limit])
    return [{"application": a, "total_days": worktime.elapsed_days(a.received_at, now)} for a in apps]


def _children(unit: Unit) -> dict[str, Unit]:
    """The units one level below that can hold applications (halls have no stations under them)."""
    return {u.path: u for u in Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
            .exclude(kind=UnitKind.HALL)}


def unit_ranking(unit: Unit, period: Period) -> list[dict]:
    """The units one level below `unit`, by stage on-time rate (best first), then by average utility days.
    One grouped query for each figure: the child is a prefix of the station's materialised path."""
    child_len = len(unit.path) + Unit.steplen
    children = _children(unit)
    if not children:
        return []
    prefix = Substr("application__station__path", 1, child_len)
    stage_rows = (_stages_in(unit, period).annotate(child=prefix).values("child")
                  .annotate(total=Count("id"), on_time=ON_TIME))
    lo, hi = period.bounds
    day_rows = (Application.objects.filter(station__path__startswith=unit.path, connected_at__gte=lo,
                                           connected_at__lt=hi)
                .annotate(child=Substr("station__path", 1, child_len)).values("child")
                .annotate(n=Count("id"), utility=Avg(Cast("utility_days", FloatField()))))
    figures = {path: {"unit": u, "stages": 0, "on_time": 0, "rate": None, "connected": 0, "utility_days": None}
               for path, u in children.items()}
    for r in stage_rows:
        if r["child"] in figures:
            figures[r["child"]].update(stages=r["total"], on_time=r["on_time"], rate=r["on_time"] / r["total"])
    for r in day_rows:
        if r["child"] in figures:
            figures[r["child"]].update(connected=r["n"], utility_days=r["utility"])
    ranked = sorted(figures.values(), key=lambda f: (f["rate"] is None, -(f["rate"] or 0),
                                                    f["utility_days"] if f["utility_days"] is not None else 1e9))
    for i, row in enumerate(ranked, start=1):
        row["rank"] = i if row["rate"] is not None else None
    return ranked


def designation_report(unit: Unit, period: Period) -> list[dict]:
    """三指定 compliance per unit one level below (or the unit itself if it has none): applications received
    in the period, 三指定 records, flagged records and how many of those the auditors have concluded."""
    from wanjia.connections.models import DesignationRecord

    children = _children(unit) or {unit.path: unit}
    width = len(next(iter(children)))
    lo, hi = period.bounds
    apps = (Application.objects.filter(station__path__startswith=unit.path, received_at__gte=lo, received_at__lt=hi)
            .annotate(child=Substr("station__path", 1, width)).values("child").annotate(n=Count("id")))
    records = (DesignationRecord.objects.filter(application__station__path__startswith=unit.path,
                                                application__received_at__gte=lo, application__received_at__lt=hi)
               .annotate(child=Substr("application__station__path", 1, width)).values("child")
               .annotate(records=Count("id"), flagged=Count("id", filter=Q(is_flagged=True)),
                         reviewed=Count("id", filter=Q(is_flagged=True, reviewed_at__isnull=False))))
    rows = {path: {"unit": u, "applications": 0, "records": 0, "flagged": 0, "reviewed": 0}
            for path, u in children.items()}
    for r in apps:
        if r["child"] in rows:
            rows[r["child"]]["applications"] = r["n"]
    for r in records:
        if r["child"] in rows:
            rows[r["child"]].update(records=r["records"], flagged=r["flagged"], reviewed=r["reviewed"])
    return sorted(rows.values(), key=lambda r: (-r["flagged"], r["unit"].code))
