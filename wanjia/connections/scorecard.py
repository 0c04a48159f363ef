"""Five-in-place (五到位) scorecard source: connection efficiency is the share of stages finished in the
period within their statutory deadline (stages without a limit, and paused time, do not count)."""
from wanjia.connections.figures import Period, on_time_rate


def connection_efficiency(unit, start, end):
    return on_time_rate(unit, Period(start, end))


SOURCES = {"connection_efficiency": connection_efficiency}
