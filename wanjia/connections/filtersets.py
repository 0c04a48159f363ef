import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.commitments.models import ConnectionStage
from wanjia.connections.models import Application, ApplicationStatus, Pause, StageRecord
from wanjia.core.dates import QueryDateFilter
from wanjia.core.filtersets import UserFilterSet
from wanjia.customers.models import may_search_phone
from wanjia.org.models import Unit


def open_pause_exists():
    return Exists(Pause.objects.filter(stage__application=OuterRef("pk"), ended_at__isnull=True))


def overdue_stage_exists(now):
    """A running, unpaused stage past its deadline."""
    return Exists(StageRecord.objects.filter(
        application=OuterRef("pk"), started_at__isnull=False, finished_at__isnull=True, due_at__lt=now,
    ).exclude(stage_paused()))


def stage_paused():
    """For a StageRecord queryset: the stage has an open pause."""
    return Exists(Pause.objects.filter(stage=OuterRef("pk"), ended_at__isnull=True))


class ApplicationFilterSet(UserFilterSet):
    """One filter set for the list page, the export and the REST endpoint."""

    q = django_filters.CharFilter(method="search", label=_("编号、申请人、电话或地址"))
    unit = django_filters.CharFilter(method="under_unit", label=_("单位编码(含下级)"))
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("状态"))
    is_open = django_filters.BooleanFilter(method="filter_open", label=_("在办"))
    paused = django_filters.BooleanFilter(method="filter_paused", label=_("暂停中"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("超时"))
    received_after = QueryDateFilter(field_name="received_at", lookup_expr="date__gte",
                                               label=_("受理日期起"))
    received_before = QueryDateFilter(field_name="received_at", lookup_expr="date__lte",
                                                label=_("受理日期止"))

    class Meta:
        model = Application
        fields = ["status", "customer_class", "application_type", "channel", "station"]

    def search(self, queryset, name, value):
        value = value.strip()
        by_phone = Q(phone=value) if may_search_phone(self.user) else Q()
        return queryset.filter(Q(number=value) | Q(applicant_name__icontains=value) | by_phone
                               | Q(address__icontains=value))

    def under_unit(self, queryset, name, value):
        unit = Unit.objects.filter(code=value).first()
        return queryset.filter(station__path__startswith=unit.path) if unit else queryset.none()

    def filter_open(self, queryset, name, value):
        lookup = Q(status__in=[s.value for s in ConnectionStage])
        return queryset.filter(lookup) if value else queryset.exclude(lookup)

    def filter_paused(self, queryset, name, value):
        return queryset.filter(open_pause_exists() if value else ~open_pause_exists())

    def filter_overdue(self, queryset, name, value):
        condition = overdue_stage_exists(timezone.now())
        return queryset.filter(condition if value else ~condition)
