"""Five-in-place scorecard sources for 窗口服务优质到位."""
from wanjia.halls.selectors import facilities_rate, satisfaction_rate


def counter_service(unit, start, end):
    """Share of evaluated counter visits rated very satisfied or satisfied."""
    return satisfaction_rate(unit=unit, start=start, end=end)


def hall_facilities(unit, start, end):
    """Share of the facilities checklist in place across the unit's halls (latest check by `end`)."""
    return facilities_rate(unit=unit, end=end)


SOURCES = {"counter_service": counter_service, "hall_facilities": hall_facilities}
