import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wanjia.core.dates import QueryDateFilter
from wanjia.orderly.models import CurtailmentPlan, LoadProfile, ShortageForecast


class LoadProfileFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("户号或户名"))

    class Meta:
        model = LoadProfile
        fields = ["tier"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(customer__account_number=value) | Q(customer__name__icontains=value))


class ForecastFilterSet(django_filters.FilterSet):
    start_after = QueryDateFilter(field_name="start", lookup_expr="date__gte", label=_("开始日期起"))
    start_before = QueryDateFilter(field_name="start", lookup_expr="date__lte", label=_("开始日期止"))

    class Meta:
        model = ShortageForecast
        fields = ["unit"]


class PlanFilterSet(django_filters.FilterSet):
    class Meta:
        model = CurtailmentPlan
        fields = ["status", "unit"]
