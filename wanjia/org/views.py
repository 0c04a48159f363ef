from django.db.models import Count, Q
from django.shortcuts import render
from django.views import View

from wanjia.core.views import ScopedMixin
from wanjia.customers.models import Customer
from wanjia.org.models import Unit


class UnitTreeView(ScopedMixin, View):
    """The user's part of the organisation, with staff and customer counts per unit (two grouped queries)."""

    resource = "org.unit"
    model = Unit

    def get(self, request):
        units = list(self.get_queryset().annotate(staff=Count("users", filter=Q(users__is_active=True))))
        served = dict(Customer.objects.restrict(request.user).values_list("station").annotate(n=Count("id")))
        totals: dict[str, int] = {}
        for unit in units:
            n = served.get(unit.pk, 0)
            if n:
                for depth in range(1, unit.depth + 1):
                    prefix = unit.path[: depth * Unit.steplen]
                    totals[prefix] = totals.get(prefix, 0) + n
        for unit in units:
            unit.customer_count = totals.get(unit.path, 0)
            unit.indent = unit.depth - (units[0].depth if units else 1)
        return render(request, "org/tree.html", {"units": units})
