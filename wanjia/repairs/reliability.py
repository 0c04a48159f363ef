"""Supply reliability indices for a unit subtree and period, as SQL aggregates over outages.

IEEE 1366: SAIFI = ΣNᵢ/N_T, SAIDI = Σrᵢ·Nᵢ/N_T, CAIDI = SAIDI/SAIFI, ASAI = 1 − SAIDI(h)/period hours,
MAIFI = momentary customer interruptions / N_T. DL/T 836.1-2016: AIHC = Σ(duration h × customers)/N_T,
AITC = Σcustomers/N_T, RS-1 = 1 − AIHC/period hours, RS-2 without outages of external cause, RS-3 without
curtailment for a generation shortfall; each also without planned outages.

Where momentary ends is the standard's `momentary_max_minutes` (IEEE 1366-2012: 5, DL/T 836.1-2016: 3).
An interruption belongs to the day and period in which it began (IEEE 1366). N_T is the number of customers
in the subtree now. Major Event Days: the 2.5β method over the standard's history years before the period
(sample standard deviation of ln daily SAIDI, zero days dropped; unplanned sustained interruptions)."""
import datetime as dt
import math
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Substr, TruncDate, TruncMonth
from django.utils import timezone

from wanjia.core.text import label
from wanjia.customers.models import Customer
from wanjia.org.models import Unit, UnitKind
from wanjia.repairs.models import Outage, ReliabilityStandard


def default_standard() -> ReliabilityStandard:
    return ReliabilityStandard.objects.filter(is_default=True).first() or ReliabilityStandard.objects.first()


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, day after end 00:00) in local time: `end` is inclusive."""
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time(), tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))


def _outages(unit: Unit, t0: dt.datetime, t1: dt.datetime):
    return Outage.objects.filter(station__path__startswith=unit.path, started_at__gte=t0, started_at__lt=t1,
                                 is_cancelled=False, restored_at__isnull=False)


def _without_days(qs, days: Iterable[dt.date]):
    """The outages that began on none of `days` (local dates): major event days set aside."""
    days = list(days)
    if not days:
        return qs
    return qs.annotate(day=TruncDate("started_at", tzinfo=timezone.get_current_timezone())).exclude(day__in=days)


def customers_total(unit: Unit) -> int:
    return Customer.objects.filter(station__path__startswith=unit.path).count()


CUSTOMER_MINUTES = F("customers_affected") * F("duration_minutes")


@dataclass
class MajorEventDays:
    threshold_minutes: float | None  # T_MED as daily SAIDI in minutes; None where history is too thin
    alpha: float | None
    beta: float | None
    history_days: int
    days: list[tuple[dt.date, float]] = field(default_factory=list)  # (day, daily SAIDI minutes)


def _daily_saidi(qs, total: int) -> list[tuple[dt.date, float]]:
    rows = (qs.annotate(day=TruncDate("started_at", tzinfo=timezone.get_current_timezone()))
            .values("day").annotate(cmi=Sum(CUSTOMER_MINUTES, output_field=FloatField())).order_by("day")
            .values_list("day", "cmi"))
    return [(day, cmi / total) for day, cmi in rows if cmi]


def major_event_days(*, unit: Unit, start: dt.date, end: dt.date, standard: ReliabilityStandard | None = None,
                     total: int | None = None) -> MajorEventDays:
    standard = standard or default_standard()
    total = customers_total(unit) if total is None else total
    t0, t1 = _bounds(start, end)
    history_start = t0.replace(year=t0.year - standard.med_history_years)
    sustained = Q(duration_minutes__gt=standard.momentary_max_minutes, kind=Outage.Kind.UNPLANNED)
    if not total:
        return MajorEventDays(None, None, None, 0)
    history = _daily_saidi(_outages(unit, history_start, t0).filter(sustained), total)
    logs = [math.log(v) for _d, v in history if v > 0]
    if len(logs) < 2:
        return MajorEventDays(None, None, None, len(logs))
    alpha, beta = statistics.fmean(logs), statistics.stdev(logs)
    threshold = math.exp(alpha + standard.med_beta_multiplier * beta)
    days = [(d, v) for d, v in _daily_saidi(_outages(unit, t0, t1).filter(sustained), total) if v > threshold]
    return MajorEventDays(threshold, alpha, beta, len(logs), days)


@dataclass
class Indices:
    unit: str
    start: dt.date
    end: dt.date
    standard: str
    momentary_max_minutes: float
    customers_total: int
    period_hours: float
    sustained_events: int
    momentary_events: int
    customer_interruptions: int
    customer_minutes: float
    momentary_customer_interruptions: int
    # IEEE 1366
    saifi: float | None
    saidi_minutes: float | None
    caidi_minutes: float | None
    asai: float | None
    maifi: float | None
    # DL/T 836.1
    aihc_hours: float | None
    aitc: float | None
    rs1: float | None
    rs2: float | None
    rs3: float | None
    aihc_hours_excl_planned: float | None
    aitc_excl_planned: float | None
    rs1_excl_planned: float | None
    med_excluded: bool = False
    med: MajorEventDays | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def reliability_indices(*, unit: Unit, start: dt.date, end: dt.date, standard: ReliabilityStandard | None = None,
                        exclude_med: bool = False) -> Indices:
    """All indices of the subtree for [start, end] in one aggregate query (plus two for MED if asked)."""
    standard = standard or default_standard()
    total = customers_total(unit)
    t0, t1 = _bounds(start, end)
    hours = (t1 - t0).total_seconds() / 3600
    qs = _outages(unit, t0, t1)
    med = None
    if exclude_med:
        med = major_event_days(unit=unit, start=start, end=end, standard=standard, total=total)
        qs = _without_days(qs, (d for d, _v in med.days))
    sustained = Q(duration_minutes__gt=standard.momentary_max_minutes)
    momentary = Q(duration_minutes__lte=standard.momentary_max_minutes)
    planned = Q(kind=Outage.Kind.PLANNED)
    cm = lambda condition: Sum(CUSTOMER_MINUTES, filter=condition, output_field=FloatField())  # noqa: E731
    agg = qs.aggregate(
        n=Count("id", filter=sustained), mn=Count("id", filter=momentary),
        ci=Sum("customers_affected", filter=sustained), cmi=cm(sustained),
        mci=Sum("customers_affected", filter=momentary),
        planned_ci=Sum("customers_affected", filter=sustained & planned), planned_cmi=cm(sustained & planned),
        external_cmi=cm(sustained & Q(cause=Outage.Cause.EXTERNAL)),
        shortage_cmi=cm(sustained & Q(cause=Outage.Cause.SUPPLY_SHORTAGE)),
    )
    ci, cmi, mci = agg["ci"] or 0, agg["cmi"] or 0.0, agg["mci"] or 0
    planned_ci, planned_cmi = agg["planned_ci"] or 0, agg["planned_cmi"] or 0.0

    def per_customer(value):
        return value / total if total else None

    def rs(customer_minutes):
        return 1 - customer_minutes / 60 / total / hours if total else None

    saidi = per_customer(cmi)
    return Indices(
        unit=unit.name, start=start, end=end, standard=label(standard),
        momentary_max_minutes=standard.momentary_max_minutes, customers_total=total, period_hours=hours,
        sustained_events=agg["n"], momentary_events=agg["mn"], customer_interruptions=ci, customer_minutes=cmi,
        momentary_customer_interruptions=mci,
        saifi=per_customer(ci), saidi_minutes=saidi, caidi_minutes=cmi / ci if ci else None,
        asai=1 - saidi / 60 / hours if saidi is not None else None, maifi=per_customer(mci),
        aihc_hours=per_customer(cmi / 60), aitc=per_customer(ci), rs1=rs(cmi),
        rs2=rs(cmi - (agg["external_cmi"] or 0.0)), rs3=rs(cmi - (agg["shortage_cmi"] or 0.0)),
        aihc_hours_excl_planned=per_customer((cmi - planned_cmi) / 60), aitc_excl_planned=per_customer(ci - planned_ci),
        rs1_excl_planned=rs(cmi - planned_cmi), med_excluded=exclude_med, med=med,
    )


@dataclass
class IndexPoint:
    """SAIFI, SAIDI, CAIDI and ASAI of one month, or of one unit, for the pictures (sustained interruptions)."""
    label: str
    customers_total: int
    period_hours: float
    customer_interruptions: int
    customer_minutes: float
    unit: Unit | None = None

    @property
    def saifi(self) -> float | None:
        return self.customer_interruptions / self.customers_total if self.customers_total else None

    @property
    def saidi_minutes(self) -> float | None:
        return self.customer_minutes / self.customers_total if self.customers_total else None

    @property
    def caidi_minutes(self) -> float | None:
        return self.customer_minutes / self.customer_interruptions if self.customer_interruptions else None

    @property
    def asai(self) -> float | None:
        saidi = self.saidi_minutes
        return 1 - saidi / 60 / self.period_hours if saidi is not None and self.period_hours else None


def _sustained_sums(qs, standard: ReliabilityStandard, group: str):
    """Customer interruptions and customer-minutes of sustained interruptions per `group` value (one query)."""
    rows = (qs.filter(duration_minutes__gt=standard.momentary_max_minutes).values(group)
            .annotate(ci=Sum("customers_affected"), cmi=Sum(CUSTOMER_MINUTES, output_field=FloatField()))
            .values_list(group, "ci", "cmi"))
    return {key: (ci or 0, cmi or 0.0) for key, ci, cmi in rows}


def monthly_indices(*, unit: Unit, start: dt.date, end: dt.date, standard: ReliabilityStandard | None = None,
                    excluded_days: Iterable[dt.date] = ()) -> list[IndexPoint]:
    """Each calendar month of [start, end], months without interruptions included, the first and last cut to
    the period (ASAI counts only their hours inside it); `excluded_days` (the major event days of the period)
    left out as in the totals. Two queries: the customers, the outages grouped by month."""
    standard = standard or default_standard()
    total = customers_total(unit)
    tz = timezone.get_current_timezone()
    t0, t1 = _bounds(start, end)
    qs = _without_days(_outages(unit, t0, t1), excluded_days).annotate(month=TruncMonth("started_at", tzinfo=tz))
    sums = {(m.astimezone(tz).year, m.astimezone(tz).month): v
            for m, v in _sustained_sums(qs, standard, "month").items()}
    points = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        following = (year + month // 12, month % 12 + 1)
        lo = max(t0, dt.datetime(year, month, 1, tzinfo=tz))
        hi = min(t1, dt.datetime(*following, 1, tzinfo=tz))
        ci, cmi = sums.get((year, month), (0, 0.0))
        points.append(IndexPoint(f"{year}-{month:02d}", total, (hi - lo).total_seconds() / 3600, ci, cmi))
        year, month = following
    return points


def child_indices(*, unit: Unit, start: dt.date, end: dt.date, standard: ReliabilityStandard | None = None,
                  excluded_days: Iterable[dt.date] = ()) -> list[IndexPoint]:
    """The same indices for each unit directly under `unit` (halls serve no customers of their own), worst
    SAIDI first, units without customers last. `excluded_days` are the parent's major event days: the children
    split the parent's figure. Three grouped queries through the materialised path, whatever the tree's size."""
    standard = standard or default_standard()
    children = list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
                    .exclude(kind=UnitKind.HALL).order_by("path"))
    if not children:
        return []
    branch = Substr("station__path", 1, (unit.depth + 1) * Unit.steplen)
    customers = dict(Customer.objects.filter(station__path__startswith=unit.path).annotate(branch=branch)
                     .values("branch").annotate(n=Count("id")).values_list("branch", "n"))
    t0, t1 = _bounds(start, end)
    qs = _without_days(_outages(unit, t0, t1), excluded_days).annotate(branch=branch)
    sums = _sustained_sums(qs, standard, "branch")
    hours = (t1 - t0).total_seconds() / 3600
    points = [IndexPoint(child.name, customers.get(child.path, 0), hours, *sums.get(child.path, (0, 0.0)),
                         unit=child) for child in children]
    return sorted(points, key=lambda p: (p.saidi_minutes is None, -(p.saidi_minutes or 0), p.unit.path))
