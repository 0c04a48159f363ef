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
        Kpi(code="customers.total", name=_("客戶數"), app="customers", kind=Kind.STOCK, unit=_("戶"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期末在冊客戶數 = 建檔日期不晚於期末的客戶數,按客戶類別分項"),
            source=Source(queryset=Customer.objects.all, unit="station", day="created_at",
                          numerator=Count("pk"), breakdown="customer_class"),
            breakdown_label=_("客戶類別"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=_customer_link("customer_class"), roles=(Role.MANAGER, Role.COUNTER, Role.AUDITOR)),
        Kpi(code="customers.new", name=_("新增客戶"), app="customers", kind=Kind.COUNT, unit=_("戶"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期內建檔的客戶數,按客戶類別分項"),
            source=Source(queryset=Customer.objects.all, unit="station", day="created_at",
                          numerator=Count("pk"), breakdown="customer_class"),
            breakdown_label=_("客戶類別"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=_customer_link("customer_class"), roles=(Role.COUNTER,)),
        Kpi(code="customers.walk_in", name=_("六走進客戶"), app="customers", kind=Kind.STOCK, unit=_("戶"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期末在冊且有走進類別的客戶數,按走進類別(農村、社區、學校、醫院、企業、困難家庭)分項"),
            source=Source(queryset=lambda: Customer.objects.exclude(walk_in_category=""), unit="station",
                          day="created_at", numerator=Count("pk"), breakdown="walk_in_category"),
            breakdown_label=_("走進類別"), breakdown_labels=lambda: dict(WalkInCategory.choices),
            link=_customer_link("walk_in_category"), roles=(Role.BRANCH_SECRETARY,)),
        Kpi(code="customers.protected", name=_("重要/保障負荷客戶"), app="customers", kind=Kind.STOCK,
            unit=_("戶"), direction=Direction.NEUTRAL, decimals=0,
            formula=_("期末在冊且標記為重要/保障負荷的客戶數"),
            source=Source(queryset=Customer.objects.all, unit="station", day="created_at",
                          numerator=Count("pk", filter=Q(is_protected_load=True))),
            link=lambda unit, period, breakdown: (
                f"{reverse('customers:list')}?{urlencode({'unit': unit.code, 'is_protected_load': 'true'})}"),
            roles=(Role.DISPATCHER,)),
        MapLayer(code="halls", title=_("營業廳"), app="org", color="#0d6efd", features=_halls),
    )
