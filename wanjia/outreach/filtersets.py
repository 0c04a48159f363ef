import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.core.dates import QueryDateFilter
from wanjia.outreach.models import Hazard, HazardStatus, Visit


class _UnderUnit:
    def under_unit(self, queryset, name, value):
        from wanjia.org.models import Unit

        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset.none()


class VisitFilterSet(_UnderUnit, django_filters.FilterSet):
    """One filter set for the visit list page and the REST endpoint."""

    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))
    date_after = QueryDateFilter(field_name="date", lookup_expr="gte", label=_("日期起"))
    date_before = QueryDateFilter(field_name="date", lookup_expr="lte", label=_("日期止"))

    class Meta:
        model = Visit
        fields = ["campaign", "category", "activity_day"]


class HazardFilterSet(_UnderUnit, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))
    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))
    overdue = django_filters.BooleanFilter(method="only_overdue", label=_("只看逾期"))

    class Meta:
        model = Hazard
        fields = ["status", "severity", "side", "campaign", "is_self_inspection"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(number=value) | Q(description__icontains=value) | Q(location__icontains=value))

    def only_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=[HazardStatus.OPEN, HazardStatus.ORDERED], deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
