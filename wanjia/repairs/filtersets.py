import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wanjia.core.dates import QueryDateFilter
from wanjia.core.filtersets import UserFilterSet
from wanjia.customers.models import may_search_phone
from wanjia.repairs.models import OrderStatus, RepairOrder


class RepairOrderFilterSet(UserFilterSet):
    """One filter set for the order list page and the REST endpoint."""

    q = django_filters.CharFilter(method="search", label=_("搜索"))
    status = django_filters.MultipleChoiceFilter(choices=OrderStatus.choices, label=_("状态"))
    received_after = QueryDateFilter(field_name="received_at", lookup_expr="date__gte", label=_("受理起"))
    received_before = QueryDateFilter(field_name="received_at", lookup_expr="date__lte", label=_("受理止"))
    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))
    green = django_filters.BooleanFilter(field_name="green_channel", lookup_expr="isnull", exclude=True,
                                         label=_("绿色通道"))
    needs_placing = django_filters.BooleanFilter(label=_("待定位"))

    class Meta:
        model = RepairOrder
        fields = ["status", "category", "urgency", "station", "crew", "channel", "outage"]

    def search(self, queryset, name, value):
        by_phone = Q(phone=value) if may_search_phone(self.user) else Q()
        return queryset.filter(Q(number=value) | by_phone | Q(caller_name=value)
                               | Q(address__icontains=value) | Q(customer__account_number=value))

    def under_unit(self, queryset, name, value):
        from wanjia.org.models import Unit

        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(station__path__startswith=unit.path) if unit else queryset.none()
