"""Five-in-place scorecard sources for 缴费方式方便到位."""
from django.utils import timezone

from wanjia.payments.coverage import coverage
from wanjia.payments.selectors import fast_collection_share


def payment_channels(unit, start, end):
    """Share of residential customers within the 缴费难 distance of a physical payment point in service on the
    period's last day, or in a village whose covering measure was done by then."""
    return coverage(unit=unit, on=end).share


def fast_collection(unit, start, end):
    """Share of the period's payments posted within the posting limit."""
    return fast_collection_share(unit=unit, start=start, end=end, now=timezone.now())


SOURCES = {"payment_channels": payment_channels, "fast_collection": fast_collection}
