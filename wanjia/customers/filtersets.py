import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wanjia.core.filtersets import UserFilterSet
from wanjia.customers.models import Customer, may_search_phone


class CustomerFilterSet(UserFilterSet):
    """One filter set for the list page and the REST endpoint."""

    q = django_filters.CharFilter(method="search", label=_("搜索"))
    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))
    green = django_filters.BooleanFilter(field_name="green_channel", lookup_expr="isnull", exclude=True,
                                         label=_("绿色通道"))

    class Meta:
        model = Customer
        fields = ["customer_class", "walk_in_category", "is_protected_load", "green_channel", "station", "feeder",
                  "transformer"]

    def search(self, queryset, name, value):
        by_phone = Q(phone=value) if may_search_phone(self.user) else Q()
        return queryset.filter(Q(account_number=value) | Q(name__icontains=value) | Q(address__icontains=value)
                               | by_phone)

    def under_unit(self, queryset, name, value):
        from wanjia.org.models import Unit

        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(station__path__startswith=unit.path) if unit else queryset.none()
