"""Five-in-place (五到位) scorecard sources for 业务流程高效到位, rates in [0, 1] for a unit subtree and period.

- `connection_efficiency`: share of stages finished in the period within their statutory deadline (stages
  without a limit, and paused time, do not count).
- `connection_compliance`: share of applications with a 三指定 or investment-boundary record made in the
  period that carry no flag on either.
- `connection_optimisation` (业扩优化到位): efficiency × compliance, so every flagged application lowers it;
  either factor alone when the other has no data.
- `convenience_services` (便民服务到位): share of applications connected in the period for which the customer
  came in person at most once (the customer visits the "getting electricity" figures count)."""
from django.db.models import Count, Exists, OuterRef, Q

from wanjia.connections.figures import Period, on_time_rate
from wanjia.connections.models import Application, DesignationRecord, InvestmentBoundary


def connection_efficiency(unit, start, end):
    return on_time_rate(unit, Period(start, end))


def connection_compliance(unit, start, end):
    lo, hi = Period(start, end).bounds
    in_period = {"recorded_at__gte": lo, "recorded_at__lt": hi}
    designations = DesignationRecord.objects.filter(application=OuterRef("pk"))
    boundaries = InvestmentBoundary.objects.filter(application=OuterRef("pk"))
    row = Application.objects.filter(station__path__startswith=unit.path).annotate(
        d_recorded=Exists(designations.filter(**in_period)), b_recorded=Exists(boundaries.filter(**in_period)),
        d_flagged=Exists(designations.filter(is_flagged=True)), b_flagged=Exists(boundaries.filter(is_flagged=True)),
    ).filter(Q(d_recorded=True) | Q(b_recorded=True)).aggregate(
        n=Count("id"), flagged=Count("id", filter=Q(d_flagged=True) | Q(b_flagged=True)))
    return (row["n"] - row["flagged"]) / row["n"] if row["n"] else None


def connection_optimisation(unit, start, end):
    rates = [r for r in (connection_efficiency(unit, start, end), connection_compliance(unit, start, end))
             if r is not None]
    if not rates:
        return None
    product = 1.0
    for r in rates:
        product *= r
    return product


def convenience_services(unit, start, end):
    lo, hi = Period(start, end).bounds
    row = Application.objects.filter(station__path__startswith=unit.path, connected_at__gte=lo,
                                     connected_at__lt=hi).annotate(n_visits=Count("visits")).aggregate(
        n=Count("id"), once=Count("id", filter=Q(n_visits__lte=1)))
    return row["once"] / row["n"] if row["n"] else None


SOURCES = {"connection_efficiency": connection_efficiency, "connection_compliance": connection_compliance,
           "connection_optimisation": connection_optimisation, "convenience_services": convenience_services}
