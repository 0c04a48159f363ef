"""New-connection KPIs (connections app): stages finished within their statutory working-day limit, and the
working days per customer class. Same definitions as the app's own figures (`connections.figures`): a
stage counts on the day it finished, an application on the day it was connected."""
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.commitments.models import ConnectionStage
from wanjia.customers.models import CustomerClass
from wanjia.kpi.registry import ActionList, Direction, Kind, Kpi, Source, has_model, register
from wanjia.org.models import Role

CONNECTION_ROLES = (Role.COUNTER, Role.MANAGER)


def register_all() -> None:
    if not has_model("connections", "Application"):
        return
    from wanjia.connections.figures import longest_open
    from wanjia.connections.models import Application, StageRecord

    def figures_link(unit, period, breakdown):
        return f"{reverse('connections:figures')}?{urlencode({'unit': unit.code, 'start': period.start, 'end': period.end})}"

    def list_link(unit, period, breakdown):
        return f"{reverse('connections:list')}?{urlencode({'unit': unit.code, 'received_after': period.start})}"

    def connected():
        return Application.objects.filter(connected_at__isnull=False)

    def longest(user, unit, period, limit):
        # The app's own selector; `unit` is inside the user's scope (checked by the dashboard's unit picker).
        return [{"label": r["application"].number, "url": reverse("connections:detail", args=[r["application"].pk]),
                 "detail": f"{r['application'].station.name} · {r['application'].get_customer_class_display()} · "
                           f"{r['application'].get_status_display()}",
                 "value": _("已用 %(d).1f 个工作日") % {"d": r["total_days"]}}
                for r in longest_open(unit, limit=limit, now=timezone.now())]

    register(
        Kpi(code="connections.stage_on_time", name=_("业扩环节按时完成率"), app="connections", kind=Kind.RATE,
            unit="%", direction=Direction.HIGHER,
            formula=_("在时限内完成的环节数 ÷ 期内考核的环节数 × 100%。按时完成的按完成日考核;超时的——无论是否已完成——"
                      "按超时之日考核,未完成的也计为超时(工作日计,扣除客户原因暂停;按环节分项)"),
            source=Source(queryset=lambda: StageRecord.objects.filter(limit_days__isnull=False,
                                                                      assessed_on__isnull=False),
                          unit="application__station", day="assessed_on",
                          numerator=Count("pk", filter=Q(finished_at__lte=F("due_at"))), breakdown="stage"),
            breakdown_label=_("环节"), breakdown_labels=lambda: dict(ConnectionStage.choices),
            link=figures_link, roles=CONNECTION_ROLES),
        Kpi(code="connections.green_stage_on_target", name=_("绿色通道业扩环节目标达成率"), app="connections",
            kind=Kind.RATE, unit="%", direction=Direction.HIGHER,
            formula=_("绿色通道申请的环节中,在内部目标期限内完成的环节数 ÷ 期内按目标考核的环节数 × 100%。目标取受理时策略"
                      "的绿色通道环节目标(工作日,扣除客户原因暂停);考核日规则同业扩环节按时完成率;这些环节照常按法定时限"
                      "计入业扩环节按时完成率(按环节分项)"),
            source=Source(queryset=lambda: StageRecord.objects.filter(target_days__isnull=False,
                                                                      target_assessed_on__isnull=False),
                          unit="application__station", day="target_assessed_on",
                          numerator=Count("pk", filter=Q(finished_at__lte=F("target_due_at"))), breakdown="stage"),
            breakdown_label=_("环节"), breakdown_labels=lambda: dict(ConnectionStage.choices),
            link=figures_link, roles=CONNECTION_ROLES),
        Kpi(code="connections.utility_days", name=_("平均接电时长(供电企业)"), app="connections", kind=Kind.MEAN,
            unit=_("工作日"), direction=Direction.LOWER,
            formula=_("Σ 供电企业用时(各环节工作日,扣除暂停) ÷ 期内送电的申请数,按客户类别分项"),
            source=Source(queryset=lambda: connected().filter(utility_days__isnull=False), unit="station",
                          day="connected_at", numerator=Sum("utility_days"), breakdown="customer_class"),
            breakdown_label=_("客户类别"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=figures_link, roles=CONNECTION_ROLES),
        Kpi(code="connections.total_days", name=_("平均接电时长(全流程)"), app="connections", kind=Kind.MEAN,
            unit=_("工作日"), direction=Direction.LOWER,
            formula=_("Σ 受理至送电的工作日 ÷ 期内送电的申请数,按客户类别分项"),
            source=Source(queryset=lambda: connected().filter(total_days__isnull=False), unit="station",
                          day="connected_at", numerator=Sum("total_days"), breakdown="customer_class"),
            breakdown_label=_("客户类别"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=figures_link, roles=CONNECTION_ROLES),
        Kpi(code="connections.received", name=_("业扩受理"), app="connections", kind=Kind.COUNT, unit=_("件"),
            direction=Direction.NEUTRAL, decimals=0, formula=_("期内受理的新装、增容等申请数,按客户类别分项"),
            source=Source(queryset=Application.objects.all, unit="station", day="received_at",
                          numerator=Count("pk"), breakdown="customer_class"),
            breakdown_label=_("客户类别"), breakdown_labels=lambda: dict(CustomerClass.choices),
            link=list_link, roles=(Role.COUNTER,)),
        ActionList(code="connections.longest_open", title=_("办理时间最长的在办业扩申请"), app="connections",
                   rows=longest),
    )
