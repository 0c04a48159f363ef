"""Reads about the unit tree."""
from django.db.models import Count, Q, QuerySet

from wanjia.org.models import Unit, UnitKind


def lineage(*, user, unit: Unit) -> list[Unit]:
    """`unit` and the units above it that `user` may see, top first: a breadcrumb (one query)."""
    paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return list(Unit.objects.restrict(user).filter(path__in=paths).order_by("path"))


def count_by_unit(rows: QuerySet, field: str = "station") -> dict[int, int]:
    """How many of `rows` each unit holds itself, by unit id (one grouped query)."""
    return dict(rows.order_by().values_list(field).annotate(n=Count("pk")))


def unit_tree(*, user, held: dict[str, dict[int, int]]) -> list[Unit]:
    """The units `user` may see, in tree order, each with `.totals`: its stations, halls and active staff, and
    for each name in `held` (unit id → rows the unit holds itself), the sum over the unit and everything under
    it. One query for the units and their staff; the sums run up the materialised path in one pass."""
    units = list(Unit.objects.restrict(user).annotate(staff=Count("users", filter=Q(users__is_active=True))))
    own = {
        "stations": {u.pk: 1 for u in units if u.kind == UnitKind.STATION},
        "halls": {u.pk: 1 for u in units if u.kind == UnitKind.HALL},
        "staff": {u.pk: u.staff for u in units},
        **held,
    }
    totals = {u.path: dict.fromkeys(own, 0) for u in units}
    for unit in units:
        for name, counts in own.items():
            n = counts.get(unit.pk, 0)
            if n:
                # A unit's own rows count for it and for each ancestor in view (its path's prefixes).
                for end in range(len(unit.path), 0, -Unit.steplen):
                    if unit.path[:end] not in totals:
                        break
                    totals[unit.path[:end]][name] += n
    for unit in units:
        unit.totals = totals[unit.path]
    return units
