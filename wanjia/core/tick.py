"""Deadlines that pass with no write: stamp the open items that have just turned late (core.deadlines), so
every on-time rate counts them from that day on."""
from wanjia.core.deadlines import assess_overdue


def run(now) -> dict:
    return {"assessed_late": assess_overdue(now)}
