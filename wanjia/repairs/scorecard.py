"""Five-in-place (五到位) scorecard sources: shares of orders that met their limits, for a unit subtree."""
import datetime as dt

from django.db.models import Count, F, Q

from wanjia.repairs.models import OrderStatus, RepairOrder


def _assessed(unit, field: str, start: dt.date, end: dt.date):
    """Orders assessed against a limit in the period (core.deadlines): on time, late, or still open past it."""
    return RepairOrder.objects.filter(station__path__startswith=unit.path, **{f"{field}__range": (start, end)}).exclude(
        status__in=(OrderStatus.CANCELLED, OrderStatus.DUPLICATE, OrderStatus.PLANNED_OUTAGE))


def repair_response(unit, start: dt.date, end: dt.date) -> float | None:
    """Share of orders whose crew arrived within the arrival limit; an order not reached past its limit is late."""
    agg = _assessed(unit, "arrival_assessed_on", start, end).aggregate(
        total=Count("id"), ok=Count("id", filter=Q(arrived_at__lte=F("arrival_due"))))
    return agg["ok"] / agg["total"] if agg["total"] else None


def repair_restoration(unit, start: dt.date, end: dt.date) -> float | None:
    """Share of orders restored within the restoration target; one not restored past its target is late."""
    agg = _assessed(unit, "restoration_assessed_on", start, end).aggregate(
        total=Count("id"), ok=Count("id", filter=Q(restored_at__lte=F("restoration_due"))))
    return agg["ok"] / agg["total"] if agg["total"] else None


SOURCES = {"repair_response": repair_response, "repair_restoration": repair_restoration}
