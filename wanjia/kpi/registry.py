"""The KPI registry: one documented definition per KPI (code, Chinese name, formula, unit, direction, the app
it reads) and, for the ones kept in daily summaries, where its numerator and denominator come from.

Definitions live in `wanjia/kpi/definitions/<app>.py`, one module per source app; a module registers its
KPIs only when that app's models exist, so the dashboard grows as apps land. `docs/kpi.md` lists them all.

Kinds:
- RATE: Σnumerator / Σdenominator over the period, shown as a percentage;
- MEAN: Σnumerator / Σdenominator (e.g. minutes per order);
- COUNT: Σnumerator over the period;
- STOCK: Σnumerator from the beginning up to the period's end (records that exist, by the day they were
  created: e.g. customers);
- DERIVED: a function of other KPIs' period totals (SAIDI = customer-minutes / customers served);
- LIVE: computed on request by the source app's own function (`live(unit, period)`), for figures that are a
  state rather than a sum of daily events and that the app already computes (e.g. payment-point coverage,
  which is geometry); not in the monthly trend.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db.models import Count, Expression, QuerySet


class Kind(StrEnum):
    RATE = "rate"
    MEAN = "mean"
    COUNT = "count"
    STOCK = "stock"
    DERIVED = "derived"
    LIVE = "live"


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"
    NEUTRAL = "neutral"  # a volume, neither good nor bad


@dataclass(frozen=True)
class Totals:
    numerator: float = 0.0
    denominator: float = 0.0

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(self.numerator + other.numerator, self.denominator + other.denominator)


@dataclass(frozen=True)
class Source:
    """Where a summary-backed KPI reads. `queryset()` gives the counted records; `unit` is the lookup from a
    record to its unit (the record counts in that unit and every unit above it); `day` is the date or datetime
    field whose local date is the record's day; `numerator` / `denominator` are aggregates over a day's records
    of one unit; `breakdown` (a field or expression, optional) splits the KPI into parts."""

    queryset: Callable[[], QuerySet]
    unit: str
    day: str
    numerator: Expression
    denominator: Expression = field(default_factory=lambda: Count("pk"))
    breakdown: str | Expression | None = None

    @property
    def model(self):
        return self.queryset().model


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def hours(self) -> float:
        return self.days * 24.0

    def last_year(self) -> "Period":
        return Period(_year_back(self.start), _year_back(self.end))


def _year_back(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str
    formula: str
    unit: str  # what the figure is counted in: "%", "分钟", "户", "分钟/户" ...
    direction: Direction
    app: str  # the app label whose records it reads
    kind: Kind
    source: Source | None = None
    # DERIVED: the KPIs it is computed from and how; `derive(totals_by_code, period)` returns the figure.
    inputs: tuple[str, ...] = ()
    derive: Callable[[dict[str, Totals], Period], float | None] | None = None
    live: Callable[[Any, Period], float | None] | None = None
    # False for states that are only known now (today's payment points): no figure for last year.
    compares: bool = True
    breakdown_label: str = ""
    breakdown_labels: Callable[[], dict[str, str]] | None = None
    # The list of records behind a figure: link(unit, period, breakdown) -> URL or None.
    link: Callable[[Any, Period, str], str | None] | None = None
    # Roles whose home panel features this KPI (managers and auditors see every KPI on the dashboard).
    roles: tuple[str, ...] = ()
    decimals: int = 1

    def value(self, totals: Totals, period: Period) -> float | None:
        """The figure from period totals (kinds other than DERIVED)."""
        if self.kind == Kind.RATE:
            return 100.0 * totals.numerator / totals.denominator if totals.denominator else None
        if self.kind == Kind.MEAN:
            return totals.numerator / totals.denominator if totals.denominator else None
        return totals.numerator

    @property
    def summarised(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class ActionList:
    """"Records to act on" for a dashboard: rows(user, unit, period, limit) -> [{"label", "detail", "value",
    "url"}], worst first."""

    code: str
    title: str
    app: str
    rows: Callable[..., list[dict]]
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapLayer:
    """A point layer of the map: features(user, unit) -> [{"lat", "lon", "label", "popup", "url"}]. A layer of
    many points (`cluster`) draws them as counted clusters so they do not bury the other layers."""

    code: str
    title: str
    app: str
    color: str
    features: Callable[..., list[dict]]
    cluster: bool = False


KPIS: dict[str, Kpi] = {}
ACTION_LISTS: dict[str, ActionList] = {}
MAP_LAYERS: dict[str, MapLayer] = {}


def register(*items) -> None:
    for item in items:
        target = {Kpi: KPIS, ActionList: ACTION_LISTS, MapLayer: MAP_LAYERS}[type(item)]
        if item.code in target:
            raise ValueError(f"{type(item).__name__} {item.code!r} registered twice")
        if isinstance(item, Kpi):
            _check(item)
        target[item.code] = item


def _check(kpi: Kpi) -> None:
    if (kpi.kind == Kind.DERIVED) != (kpi.derive is not None):
        raise ValueError(f"KPI {kpi.code}: DERIVED KPIs, and only they, need derive()")
    if (kpi.kind == Kind.LIVE) != (kpi.live is not None):
        raise ValueError(f"KPI {kpi.code}: LIVE KPIs, and only they, need live()")
    if kpi.kind not in (Kind.DERIVED, Kind.LIVE) and kpi.source is None:
        raise ValueError(f"KPI {kpi.code}: a {kpi.kind} KPI needs a source")
    missing = [code for code in kpi.inputs if code not in KPIS]
    if missing:
        raise ValueError(f"KPI {kpi.code}: inputs {missing} are not registered (register them first)")


def list_url(url_name: str, **query) -> str | None:
    """The URL of a list page with its filters, or None where the page does not exist (yet)."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    try:
        base = reverse(url_name)
    except NoReverseMatch:
        return None
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def live_percent(source: Callable) -> Callable:
    """A live KPI in percent from an app's five-in-place source (a rate in [0, 1] or None)."""
    def live(unit, period):
        rate = source(unit, period.start, period.end)
        return None if rate is None else 100.0 * rate
    return live


def has_model(app_label: str, model_name: str) -> bool:
    """Whether another app's model exists yet (apps land one by one)."""
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def featured_for(user) -> list[str]:
    """The KPI codes a user's home panel shows, and that lead their dashboard: managers and auditors answer
    for every figure, other roles for the KPIs that name them."""
    from wanjia.org.models import Role

    everything = user.has_role(Role.MANAGER, Role.AUDITOR)
    return [k.code for k in KPIS.values() if everything or (k.roles and user.has_role(*k.roles))]


def summarised() -> list[Kpi]:
    return [k for k in KPIS.values() if k.summarised]


def expand(codes) -> list[str]:
    """The summary-backed KPI codes needed to compute `codes` (DERIVED ones read their inputs)."""
    out: list[str] = []
    for code in codes:
        kpi = KPIS[code]
        if kpi.kind == Kind.LIVE:
            continue
        for needed in (expand(kpi.inputs) if kpi.kind == Kind.DERIVED else [code]):
            if needed not in out:
                out.append(needed)
    return out
