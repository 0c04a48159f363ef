import datetime as dt

from wanjia.kpi.models import DailySummary, MonthlySummary, StaleKey
from wanjia.kpi.registry import Period
from wanjia.kpi.selectors import figures
from wanjia.kpi.services import rebuild, summaries_fold, summary_flush


def figure(unit, code, start, end):
    return {f.kpi.code: f for f in figures(unit, Period(start, end), [code])}[code]


def snapshot() -> dict:
    """Both summary tables as {(table, unit, code, day or month, breakdown): (numerator, denominator)}."""
    summary_flush()  # the test's writes are in its (never committed) transaction
    out = {}
    for model, when in ((DailySummary, "day"), (MonthlySummary, "month")):
        out.update({(model.__name__, u, c, d, b): (n, m) for u, c, d, b, n, m in model.objects.values_list(
            "unit_id", "kpi_code", when, "breakdown", "numerator", "denominator")})
    return out


def drained_snapshot() -> dict:
    """The summaries after the worker's fold drained the noted stale keys (no flush of this transaction's
    own keys: the fold alone must bring them up to date)."""
    summaries_fold()
    assert not StaleKey.objects.exists()
    out = {}
    for model, when in ((DailySummary, "day"), (MonthlySummary, "month")):
        out.update({(model.__name__, u, c, d, b): (n, m) for u, c, d, b, n, m in model.objects.values_list(
            "unit_id", "kpi_code", when, "breakdown", "numerator", "denominator")})
    return out


def rebuilt_snapshot() -> dict:
    rebuild()
    return snapshot()


def local(year, month, day, hour=12) -> dt.datetime:
    from django.utils import timezone

    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


def direct_value(unit, code, start, end):
    """The KPI's figure for `unit`'s subtree over start..end computed straight from the source records (one
    aggregate per summarised KPI it needs), to check the summaries against."""
    from wanjia.kpi.registry import KPIS, Kind, Totals, expand
    from wanjia.kpi.selectors import value_of
    from wanjia.kpi.services import day_filter

    from wanjia.org.models import Unit

    path = Unit.objects.get(pk=unit.pk).path  # the tree's objects keep the path they were created with
    totals = {}
    for needed in expand([code]):
        kpi = KPIS[needed]
        src = kpi.source
        first = dt.date(1900, 1, 1) if kpi.kind == Kind.STOCK else start
        found = (src.queryset().filter(**{f"{src.unit}__path__startswith": path}, **day_filter(kpi, first, end))
                 .aggregate(n=src.numerator, d=src.denominator))
        totals[needed] = Totals(float(found["n"] or 0), float(found["d"] or 0))
    return value_of(KPIS[code], totals, Period(start, end), unit)
