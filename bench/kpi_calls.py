"""What the KPI benchmark times: the dashboard's data calls, and the baseline of one direct SQL aggregate per
KPI over the source tables (the current period and the same period last year, as the KPI cards show)."""
import datetime as dt

from wanjia.kpi.registry import KPIS, Kind, Totals
from wanjia.kpi.selectors import _rounded, dashboard_data, value_of
from wanjia.kpi.services import day_filter


class _Viewer:
    """A province-wide reader for the dashboard call (the action lists need a user)."""

    is_authenticated = True
    is_superuser = True

    def has_role(self, *codes):
        return True


def dashboard_calls(unit, period) -> dict:
    data = dashboard_data(user=_Viewer(), unit=unit, period=period)
    return {k["code"]: k["value"] for k in data["kpis"]}


def direct_totals(kpi, unit, period) -> Totals:
    """One aggregate over the source table for the unit's subtree (path prefix) and the period."""
    src = kpi.source
    first = dt.date(1900, 1, 1) if kpi.kind == Kind.STOCK else period.start
    qs = src.queryset().filter(**{f"{src.unit}__path__startswith": unit.path},
                               **day_filter(kpi, first, period.end))
    agg = qs.aggregate(n=src.numerator, d=src.denominator)
    return Totals(float(agg["n"] or 0), float(agg["d"] or 0))


def direct_queries(unit, period) -> dict:
    """Each summarised KPI once for the period and once for last year; derived KPIs from those totals."""
    now = {code: direct_totals(kpi, unit, period) for code, kpi in KPIS.items() if kpi.summarised}
    for code, kpi in KPIS.items():
        if kpi.summarised:
            direct_totals(kpi, unit, period.last_year())
    # Rounded as the dashboard sends them.
    return {code: _rounded(value_of(kpi, now, period, unit), kpi) for code, kpi in KPIS.items()}
