"""KPIs from the customer register (foundation)."""
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wanjia.customers.models import Customer, CustomerClass, WalkInCategory
from wanjia.kpi.registry import Direction, Kind, Kpi, MapLayer, Source, register
from wanjia.org.models import Role, Unit, UnitKind


def _customer_link(field: str):
    def link(unit, period, breakdown):
        query = {"unit": unit.code}
        if breakdown:
            query[field] = breakdown
        return f"{reverse('customers:list')}?{urlencode(query)}"
    return link


def _halls(user, unit):
    halls = Unit.objects.restrict(user).filter(path__startswith=unit.path, kind=UnitKind.HALL,
                                                latitude__isnull=False)
    return [{"lat": h.latitude, "lon": h.longitude, "label": h.name, "popup": h.address or h.name, "url": ""}
            for h in halls.only("name", "address", "latitude", "longitude")]


def register_all() -> None:
    register(
        Kpi(code="customers.total", name=_("客户数"), app="customers", kind=Kind.STOCK, unit=_("户"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期末在册客户数 = 建档日期不晚于期末的客户数,按客户类别分项"),
            source=Source(queryset=Customer.objects.all, unit="station", day="created_at",
                          numerator=Count("pk"), breakdown="customer_class"),
            breakdown_label=_("客户类别"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=_customer_link("customer_class"), roles=(Role.MANAGER, Role.COUNTER, Role.AUDITOR)),
        Kpi(code="customers.new", name=_("新增客户"), app="customers", kind=Kind.COUNT, unit=_("户"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期内建档的客户数,按客户类别分项"),
            source=Source(queryset=Customer.objects.all, unit="station", day="created_at",
                          numerator=Count("pk"), breakdown="customer_class"),
            breakdown_label=_("客户类别"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=_customer_link("customer_class"), roles=(Role.COUNTER,)),
        Kpi(code="customers.walk_in", name=_("六走进客户"), app="customers", kind=Kind.STOCK, unit=_("户"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期末在册且有走进类别的客户数,按走进类别(农村、社区、学校、医院、企业、困难家庭)分项"),
            source=Source(queryset=lambda: Customer.objects.exclude(walk_in_category=""), unit="station",
                          day="created_at", numerator=Count("pk"), breakdown="walk_in_category"),
            breakdown_label=_("走进类别"), breakdown_labels=lambda: dict(WalkInCategory.choices),
            link=_customer_link("walk_in_category"), roles=(Role.BRANCH_SECRETARY,)),
        Kpi(code="customers.protected", name=_("重要/保障负荷客户"), app="customers", kind=Kind.STOCK,
            unit=_("户"), direction=Direction.NEUTRAL, decimals=0,
            formula=_("期末在册且标记为重要/保障负荷的客户数"),
            source=Source(queryset=Customer.objects.all, unit="station", day="created_at",
                          numerator=Count("pk", filter=Q(is_protected_load=True))),
            link=lambda unit, period, breakdown: (
                f"{reverse('customers:list')}?{urlencode({'unit': unit.code, 'is_protected_load': 'true'})}"),
            roles=(Role.DISPATCHER,)),
        MapLayer(code="halls", title=_("营业厅"), app="org", color="#0d6efd", features=_halls),
    )
