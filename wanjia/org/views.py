from collections import Counter

from django.shortcuts import render
from django.views import View

from wanjia.core.permissions import permits
from wanjia.core.views import ScopedMixin
from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.org.selectors import count_by_unit, unit_tree
from wanjia.repairs.models import OPEN_STATUSES, RepairOrder

SHOWN_AT_FIRST = 60  # the top levels start unfolded while they show at most this many units


class UnitTreeView(ScopedMixin, View):
    """The user's part of the organisation as a tree that folds, each unit with what is under it (stations,
    halls, staff, customers, open repair orders where the user may see orders), and a name filter."""

    resource = "org.unit"
    model = Unit

    def get(self, request):
        held = {"customers": count_by_unit(Customer.objects.restrict(request.user))}
        if permits(request.user, "repairs.order", "read"):
            held["open_orders"] = count_by_unit(
                RepairOrder.objects.restrict(request.user).filter(status__in=OPEN_STATUSES))
        units = unit_tree(user=request.user, held=held)
        return render(request, "org/tree.html", {"units": _nested(units), "show_orders": "open_orders" in held})


def _nested(units: list[Unit]) -> list[Unit]:
    """Marks each unit for a nested list written in one loop: `.has_children`, `.unfolded`, and `.closes`,
    how many open levels end after it. The top unit starts unfolded, and each level below it too while the
    units shown stay few (a county's stations, not a province's 86 counties)."""
    top = units[0].depth if units else 0
    per_depth = Counter(u.depth for u in units)
    unfold_above = top + 1  # units at depths below this start unfolded
    while per_depth[unfold_above] and sum(n for d, n in per_depth.items() if d <= unfold_above + 1) <= SHOWN_AT_FIRST:
        unfold_above += 1
    for unit, following in zip(units, units[1:] + [None]):
        next_depth = following.depth if following is not None else top
        unit.has_children = next_depth > unit.depth
        unit.unfolded = unit.depth < unfold_above
        unit.closes = range(max(0, unit.depth - next_depth))
    return units
