import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wanjia.payments.models import PaymentChannel


class ChannelFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))
    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))

    class Meta:
        model = PaymentChannel
        fields = ["kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))

    def under_unit(self, queryset, name, value):
        from wanjia.org.models import Unit

        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(unit__path__startswith=unit.path) if unit else queryset.none()
