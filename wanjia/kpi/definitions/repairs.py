"""Fault repair KPIs (repairs app): arrival and restoration against the time limits, and the supply
reliability indices. The index formulas are the repairs app's (`wanjia.repairs.reliability`, after IEEE 1366
and DL/T 836.1-2016): the same customer-minutes expression, the same momentary threshold from the default
`ReliabilityStandard`, the same N_T (customers on the register); only the sums come from daily summaries."""
from urllib.parse import urlencode

from django.db.models import Count, F, FloatField, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wanjia.kpi.registry import ActionList, Direction, Kind, Kpi, MapLayer, Source, has_model, register
from wanjia.kpi.sql import MinutesBetween
from wanjia.org.models import Role

REPAIR_ROLES = (Role.DISPATCHER, Role.CREW, Role.MANAGER)


def register_all() -> None:
    if not has_model("repairs", "RepairOrder"):
        return
    from wanjia.repairs.models import NOT_ARRIVED_STATUSES, Callback, OrderStatus, Outage, RepairOrder, Satisfaction
    from wanjia.repairs.models import ReliabilityStandard
    from wanjia.repairs.reliability import CUSTOMER_MINUTES

    # Orders that were answered without a repair (withdrawn, duplicates, known planned outage) do not count,
    # as in the repairs app's own assessment.
    not_counted = (OrderStatus.CANCELLED, OrderStatus.DUPLICATE, OrderStatus.PLANNED_OUTAGE)

    def orders():
        return RepairOrder.objects.exclude(status__in=not_counted)

    def order_link(**extra):
        def link(unit, period, breakdown):
            query = {"unit": unit.code, "received_after": period.start.isoformat(),
                     "received_before": period.end.isoformat(), **extra}
            return f"{reverse('repairs:orders')}?{urlencode(query, doseq=True)}"
        return link

    def sustained_outages():
        # Sustained interruptions only, above the default standard's momentary threshold (IEEE 1366: 5 min,
        # DL/T 836.1: 3 min), read in SQL as repairs.reliability.default_standard() picks it.
        threshold = ReliabilityStandard.objects.order_by("-is_default", "pk").values("momentary_max_minutes")[:1]
        return Outage.objects.filter(is_cancelled=False, restored_at__isnull=False,
                                     duration_minutes__gt=Subquery(threshold))

    def reliability_link(unit, period, breakdown):
        return f"{reverse('repairs:reliability')}?{urlencode({'unit': unit.code, 'start': period.start, 'end': period.end})}"

    def per_customer(totals, value):
        """A sum over outages per customer on the register at the period's end (N_T)."""
        customers = totals["customers.total"].numerator
        return value / customers if customers else None

    def overdue_orders(user, unit, period, limit):
        now = timezone.now()
        rows = (RepairOrder.objects.restrict(user).filter(station__path__startswith=unit.path)
                .filter(Q(status__in=NOT_ARRIVED_STATUSES, arrival_due__lt=now)
                        | Q(status=OrderStatus.ARRIVED, restoration_due__lt=now))
                .select_related("station").order_by("arrival_due")[:limit])
        return [{"label": o.number, "url": reverse("repairs:order", args=[o.pk]),
                 "detail": f"{o.station.name} · {o.get_status_display()} · {o.address or o.description[:30]}",
                 "value": _("超时 %(m)d 分钟") % {"m": (now - (o.arrival_due if o.status in NOT_ARRIVED_STATUSES
                                                       else o.restoration_due)).total_seconds() // 60}}
                for o in rows]

    def open_orders(user, unit):
        rows = (RepairOrder.objects.restrict(user).filter(station__path__startswith=unit.path,
                                                         latitude__isnull=False)
                .filter(status__in=(*NOT_ARRIVED_STATUSES, OrderStatus.ARRIVED))
                .only("pk", "number", "latitude", "longitude", "status", "address")[:2000])
        return [{"lat": o.latitude, "lon": o.longitude, "label": o.number, "url": reverse("repairs:order", args=[o.pk]),
                 "popup": f"{o.get_status_display()} · {o.address}"} for o in rows]

    def outages(user, unit):
        from wanjia.repairs.selectors import affected_places, current_outages

        now = timezone.now()
        rows = [o for o in current_outages(user=user, unit=unit, now=now, limit=1000) if o.station.has_location]
        places = affected_places(rows)
        return [{"lat": o.station.latitude, "lon": o.station.longitude,
                 "label": f"{_('停电中') if o.started_at <= now else _('计划停电')}:{o.area_description or o.feeder.name}",
                 "url": reverse("repairs:outages"),
                 "popup": " · ".join(part for part in (
                     f"{timezone.localtime(o.started_at):%Y-%m-%d %H:%M}",
                     ngettext("%(n)d 户", "%(n)d 户", o.customers_affected) % {"n": o.customers_affected},
                     "、".join(p.name for p in places[o.pk])) if part)}
                for o in rows]

    register(
        Kpi(code="repairs.orders", name=_("报修工单"), app="repairs", kind=Kind.COUNT, unit=_("张"),
            direction=Direction.NEUTRAL, decimals=0,
            formula=_("期内受理的故障报修工单数(不含撤销、重复报修、计划停电已答复)"),
            source=Source(queryset=orders, unit="station", day="received_at", numerator=Count("pk")),
            link=order_link(), roles=REPAIR_ROLES),
        Kpi(code="repairs.arrival_on_time", name=_("抢修到达及时率"), app="repairs", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER,
            formula=_("到达时间不晚于到达时限的工单数 ÷ 期内考核的工单数 × 100%。按时到达的按到达日考核;超时的——无论"
                      "是否已到达——按超时之日考核,未到达的也计为超时(时限取受理时生效的服务承诺策略)"),
            source=Source(queryset=lambda: orders().filter(arrival_assessed_on__isnull=False), unit="station",
                          day="arrival_assessed_on",
                          numerator=Count("pk", filter=Q(arrived_at__lte=F("arrival_due")))),
            link=order_link(), roles=REPAIR_ROLES),
        Kpi(code="repairs.arrival_minutes", name=_("平均到达时长"), app="repairs", kind=Kind.MEAN, unit=_("分钟"),
            direction=Direction.LOWER,
            formula=_("Σ(到达时间 − 受理时间) ÷ 已到达的工单数"),
            source=Source(queryset=lambda: orders().filter(arrived_at__isnull=False), unit="station",
                          day="received_at", numerator=Sum(MinutesBetween("received_at", "arrived_at"))),
            link=order_link(), roles=REPAIR_ROLES),
        Kpi(code="repairs.restoration_minutes", name=_("平均修复时长"), app="repairs", kind=Kind.MEAN,
            unit=_("分钟"), direction=Direction.LOWER,
            formula=_("Σ(复电时间 − 到达时间) ÷ 已复电的工单数"),
            source=Source(queryset=lambda: orders().filter(arrived_at__isnull=False, restored_at__isnull=False),
                          unit="station", day="received_at",
                          numerator=Sum(MinutesBetween("arrived_at", "restored_at"))),
            link=order_link(), roles=REPAIR_ROLES),
        Kpi(code="repairs.restoration_on_time", name=_("复电及时率"), app="repairs", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER,
            formula=_("复电时间不晚于复电时限的工单数 ÷ 期内考核的工单数 × 100%。按时复电的按复电日考核;超时的——无论"
                      "是否已复电——按超时之日考核,未复电的也计为超时"),
            source=Source(queryset=lambda: orders().filter(restoration_assessed_on__isnull=False),
                          unit="station", day="restoration_assessed_on",
                          numerator=Count("pk", filter=Q(restored_at__lte=F("restoration_due")))),
            link=order_link(), roles=REPAIR_ROLES),
        Kpi(code="repairs.green_arrival_on_target", name=_("绿色通道抢修到达目标达成率"), app="repairs",
            kind=Kind.RATE, unit="%", direction=Direction.HIGHER,
            formula=_("绿色通道客户的工单中,到达时间不晚于内部到达目标的工单数 ÷ 期内按目标考核的工单数 × 100%。目标取受理时"
                      "策略的绿色通道抢修目标;考核日规则同抢修到达及时率(未到达而过目标的计为未达成)。这些工单照常按法定"
                      "时限计入抢修到达及时率"),
            source=Source(queryset=lambda: orders().filter(target_arrival_assessed_on__isnull=False), unit="station",
                          day="target_arrival_assessed_on",
                          numerator=Count("pk", filter=Q(arrived_at__lte=F("target_arrival_due")))),
            link=order_link(green="true"), roles=REPAIR_ROLES),
        Kpi(code="repairs.green_restoration_on_target", name=_("绿色通道复电目标达成率"), app="repairs",
            kind=Kind.RATE, unit="%", direction=Direction.HIGHER,
            formula=_("绿色通道客户的工单中,复电时间不晚于内部复电目标(自到达起)的工单数 ÷ 期内按目标考核的工单数 × 100%。"
                      "考核日规则同复电及时率;这些工单照常计入复电及时率"),
            source=Source(queryset=lambda: orders().filter(target_restoration_assessed_on__isnull=False),
                          unit="station", day="target_restoration_assessed_on",
                          numerator=Count("pk", filter=Q(restored_at__lte=F("target_restoration_due")))),
            link=order_link(green="true"), roles=REPAIR_ROLES),
        Kpi(code="repairs.satisfaction", name=_("回访满意率"), app="repairs", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER,
            formula=_("回访结果为满意或基本满意的工单数 ÷ 已回访的工单数 × 100%(按回访日期计入)"),
            source=Source(queryset=Callback.objects.all, unit="order__station", day="called_at",
                          numerator=Count("pk", filter=Q(satisfaction__in=(Satisfaction.SATISFIED,
                                                                           Satisfaction.BASICALLY_SATISFIED)))),
            link=lambda unit, period, breakdown: f"{reverse('repairs:followups')}?{urlencode({'unit': unit.code})}",
            roles=(Role.MANAGER, Role.DISPATCHER)),
        Kpi(code="repairs.customer_hours", name=_("停电时户数"), app="repairs", kind=Kind.COUNT,
            unit=_("户·小时"), direction=Direction.LOWER, decimals=0,
            formula=_("Σ(持续停电时长(小时) × 影响客户数),按停电开始日期计入;不含短时停电(默认可靠性标准的门槛)"),
            source=Source(queryset=sustained_outages, unit="station", day="started_at",
                          numerator=Sum(CUSTOMER_MINUTES / 60.0, output_field=FloatField()),
                          denominator=Sum("customers_affected")),
            link=reliability_link),
    )
    register(
        Kpi(code="repairs.saidi", name=_("户均停电时间(SAIDI)"), app="repairs", kind=Kind.DERIVED,
            unit=_("小时/户"), direction=Direction.LOWER, decimals=2,
            formula=_("Σ(持续停电时长 × 影响客户数) ÷ 期末客户总数(IEEE 1366 SAIDI;DL/T 836.1 AIHC)"),
            inputs=("repairs.customer_hours", "customers.total"),
            derive=lambda t, p: per_customer(t, t["repairs.customer_hours"].numerator), link=reliability_link,
            roles=(Role.MANAGER,)),
        Kpi(code="repairs.saifi", name=_("户均停电次数(SAIFI)"), app="repairs", kind=Kind.DERIVED,
            unit=_("次/户"), direction=Direction.LOWER, decimals=3,
            formula=_("Σ 持续停电影响客户数 ÷ 期末客户总数(IEEE 1366 SAIFI;DL/T 836.1 AITC)"),
            inputs=("repairs.customer_hours", "customers.total"),
            derive=lambda t, p: per_customer(t, t["repairs.customer_hours"].denominator), link=reliability_link),
        Kpi(code="repairs.caidi", name=_("停电客户平均停电时间(CAIDI)"), app="repairs", kind=Kind.DERIVED,
            unit=_("小时/次"), direction=Direction.LOWER, decimals=2,
            formula=_("SAIDI ÷ SAIFI = Σ(时长 × 影响客户数) ÷ Σ 影响客户数"),
            inputs=("repairs.customer_hours",),
            derive=lambda t, p: (t["repairs.customer_hours"].numerator / t["repairs.customer_hours"].denominator
                                 if t["repairs.customer_hours"].denominator else None), link=reliability_link),
        Kpi(code="repairs.rs1", name=_("供电可靠率(RS-1)"), app="repairs", kind=Kind.DERIVED, unit="%",
            direction=Direction.HIGHER, decimals=4,
            formula=_("(1 − 户均停电时间(小时) ÷ 统计期间小时数) × 100%(DL/T 836.1 RS-1,含计划停电)"),
            inputs=("repairs.customer_hours", "customers.total"),
            derive=lambda t, p: (None if not t["customers.total"].numerator else
                                 100.0 * (1 - per_customer(t, t["repairs.customer_hours"].numerator) / p.hours)),
            link=reliability_link, roles=(Role.MANAGER,)),
        ActionList(code="repairs.overdue", title=_("超时未到达/未复电的抢修工单"), app="repairs", rows=overdue_orders),
        MapLayer(code="repair_orders", title=_("未完成抢修工单"), app="repairs", color="#dc3545", features=open_orders),
        MapLayer(code="outages", title=_("当前及计划停电"), app="repairs", color="#fd7e14", features=outages),
    )
