"""Five-in-place (五到位) scorecard sources: shares of orders that met their limits, for a unit subtree."""
import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from wanjia.repairs.models import RepairOrder


def _period(unit, start: dt.date, end: dt.date):
    tz = timezone.get_current_timezone()
    return RepairOrder.objects.filter(
        station__path__startswith=unit.path,
        received_at__gte=dt.datetime.combine(start, dt.time(), tzinfo=tz),
        received_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz))


def repair_response(unit, start: dt.date, end: dt.date) -> float | None:
    """Share of orders whose crew arrived within the arrival limit (among orders that got a crew on site)."""
    agg = _period(unit, start, end).aggregate(
        done=Count("id", filter=Q(arrived_at__isnull=False)),
        ok=Count("id", filter=Q(arrived_at__lte=F("arrival_due"))))
    return agg["ok"] / agg["done"] if agg["done"] else None


def repair_restoration(unit, start: dt.date, end: dt.date) -> float | None:
    """Share of restored orders restored within the restoration target."""
    agg = _period(unit, start, end).aggregate(
        done=Count("id", filter=Q(restored_at__isnull=False)),
        ok=Count("id", filter=Q(restored_at__lte=F("restoration_due"))))
    return agg["ok"] / agg["done"] if agg["done"] else None


SOURCES = {"repair_response": repair_response, "repair_restoration": repair_restoration}
