"""Reads about the unit tree."""
from wanjia.org.models import Unit


def lineage(*, user, unit: Unit) -> list[Unit]:
    """`unit` and the units above it that `user` may see, top first: a breadcrumb (one query)."""
    paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return list(Unit.objects.restrict(user).filter(path__in=paths).order_by("path"))
