"""Customer feedback KPIs (feedback app): answers within the deadline."""
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wanjia.kpi.registry import ActionList, Direction, Kind, Kpi, Source, has_model, list_url, register
from wanjia.org.models import Role


def register_all() -> None:
    if not has_model("feedback", "FeedbackItem"):
        return
    from wanjia.feedback.models import FeedbackItem

    def link(unit, period, breakdown):
        return list_url("feedback:items", unit=unit.code, received_after=period.start, received_before=period.end)

    def overdue(user, unit, period, limit):
        now = timezone.now()
        rows = (FeedbackItem.objects.restrict(user).filter(queue_unit__path__startswith=unit.path,
                                                           answered_at__isnull=True, deadline__lt=now)
                .select_related("queue_unit").order_by("deadline")[:limit])
        return [{"label": f.number, "url": reverse("feedback:item", args=[f.pk]), "detail": f"{f.queue_unit.name} · {f.get_channel_display()} · {f.content[:40]}",
                 "value": _("逾期 %(d)d 天") % {"d": (now - f.deadline).days}} for f in rows]

    register(
        Kpi(code="feedback.answered_on_time", name=_("意见按期答复率"), app="feedback", kind=Kind.RATE, unit="%",
            direction=Direction.HIGHER,
            formula=_("答复时间不晚于答复期限的意见数 ÷ 期内考核的意见数 × 100%。按期答复的按答复日考核;逾期的——"
                      "无论是否已答复——按逾期之日考核,未答复的也计为逾期"),
            source=Source(queryset=lambda: FeedbackItem.objects.filter(answer_assessed_on__isnull=False),
                          unit="queue_unit", day="answer_assessed_on",
                          numerator=Count("pk", filter=Q(answered_at__lte=F("deadline")))),
            link=link, roles=(Role.BRANCH_SECRETARY, Role.MANAGER, Role.COUNTER)),
        Kpi(code="feedback.received", name=_("收集意见"), app="feedback", kind=Kind.COUNT, unit=_("条"),
            direction=Direction.NEUTRAL, decimals=0, formula=_("期内受理的客户意见数,按渠道分项"),
            source=Source(queryset=FeedbackItem.objects.all, unit="queue_unit", day="received_at",
                          numerator=Count("pk"), breakdown="channel"),
            breakdown_label=_("渠道"), breakdown_labels=lambda: dict(FeedbackItem._meta.get_field("channel").choices),
            link=link, roles=(Role.BRANCH_SECRETARY,)),
        ActionList(code="feedback.overdue", title=_("逾期未答复的客户意见"), app="feedback", rows=overdue),
    )
