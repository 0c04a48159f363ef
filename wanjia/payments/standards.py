"""Which payment standard (缴费难 distance, posting time limit) applies to a unit: its own, else its nearest
ancestor's, else the default row."""
from dataclasses import dataclass

from wanjia.org.models import Unit
from wanjia.payments.models import PaymentStandard


@dataclass(frozen=True)
class Standard:
    max_km: float
    posting_hours: float


# Without any row (an administrator deleted the default) nothing is "difficult" and nothing is "late".
NO_STANDARD = Standard(float("inf"), float("inf"))


def standards_for(paths) -> dict[str, Standard]:
    """Unit path → its applicable standard, for many units with one query."""
    by_path, default = {}, NO_STANDARD
    for row in PaymentStandard.objects.select_related("unit"):
        std = Standard(float(row.max_distance_km), float(row.posting_hours))
        if row.unit is None:
            default = std
        else:
            by_path[row.unit.path] = std
    step = Unit.steplen
    return {path: next((by_path[path[:i]] for i in range(len(path), 0, -step) if path[:i] in by_path), default)
            for path in paths}


def standard_for(unit: Unit) -> Standard:
    return standards_for([unit.path])[unit.path]
