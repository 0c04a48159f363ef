import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wanjia.core.dates import QueryDateFilter
from wanjia.feedback.models import FeedbackItem


class FeedbackItemFilterSet(django_filters.FilterSet):
    """One filter set for the list page, the hot-issues view and the REST endpoint."""

    q = django_filters.CharFilter(method="search", label=_("搜索"))
    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))
    received_after = QueryDateFilter(field_name="received_at", lookup_expr="date__gte",
                                               label=_("受理日期起"))
    received_before = QueryDateFilter(field_name="received_at", lookup_expr="date__lte",
                                                label=_("受理日期止"))

    class Meta:
        model = FeedbackItem
        fields = ["status", "channel", "topic", "forum"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(number=value) | Q(content__icontains=value) | Q(name__icontains=value))

    def under_unit(self, queryset, name, value):
        from wanjia.org.models import Unit

        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(queue_unit__path__startswith=unit.path) if unit else queryset.none()
