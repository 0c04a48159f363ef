"""Reads for the walk-in and hazard pages, each starting from `restrict(user)`."""
from wanjia.outreach.filtersets import HazardFilterSet, VisitFilterSet
from wanjia.outreach.models import Hazard, Visit


def visit_list(*, user, filters=None):
    base = Visit.objects.restrict(user).select_related("unit", "customer", "campaign", "activity_day")
    return VisitFilterSet(filters or {}, queryset=base).qs


def hazard_list(*, user, filters=None):
    base = Hazard.objects.restrict(user).select_related("unit", "owner", "visit")
    return HazardFilterSet(filters or {}, queryset=base).qs
