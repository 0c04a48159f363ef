"""Customer forums (客户座谈会) and feedback items from every channel, each followed from receipt to an answer
that is recorded as having reached the person."""
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.campaign.models import Campaign
from wanjia.core.deadlines import Assessed, Assessment
from wanjia.core.models import Event, english
from wanjia.core.text import label
from wanjia.core.voiding import LiveManager, Voidable
from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class Topic(models.Model):
    """Feedback topics (data): the hot-and-difficult view groups by these."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = english(_("英文名称"), 50)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("意见主题")
        verbose_name_plural = _("意见主题")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return label(self)


class Forum(Voidable):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="forums")
    unit = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("主题"), max_length=200)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    minutes = models.TextField(_("会议纪要"), blank=True)
    held = models.BooleanField(_("已召开"), default=False)

    scope_path = "unit"
    objects = LiveManager()
    all_objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客户座谈会")
        verbose_name_plural = _("客户座谈会")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class AttendeeKind(models.TextChoices):
    RESIDENT = "resident", _("居民客户")
    ENTERPRISE = "enterprise", _("企业客户")
    IMPORTANT = "important", _("重要客户")
    DEPUTY = "deputy", _("人大代表/政协委员")
    GOVERNMENT = "government", _("政府部门")
    COMMUNITY = "community", _("村(社区)干部")
    OTHER = "other", _("其他")


class ForumAttendee(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("姓名/单位"), max_length=100)
    kind = models.CharField(_("类别"), max_length=12, choices=AttendeeKind.choices)
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    scope_path = "forum__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参会人")
        verbose_name_plural = _("参会人")


class Channel(models.TextChoices):
    FORUM = "forum", _("座谈会")
    COUNTER = "counter", _("营业厅")
    HOTLINE = "hotline", _("热线")
    WEB = "web", _("网站")
    PORTAL = "portal", _("服务门户")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("待分派")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")
    DELIVERED = "delivered", _("已反馈到人")
    RESOLVED = "resolved", _("已解决")


# Told back to the person: the answer rate counts these; RESOLVED also means the problem itself was fixed.
TOLD_BACK = (FeedbackStatus.DELIVERED, FeedbackStatus.RESOLVED)


class DeliveryMethod(models.TextChoices):
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    VISIT = "visit", _("上门")
    LETTER = "letter", _("书面")
    MEETING = "meeting", _("座谈会上")


class FeedbackItem(Assessed):
    """One opinion or suggestion. `unit` is the responsible unit; until it is set (a portal or web item whose
    area is not known) the item waits in the triage queue of `queue_unit` and no deadline runs."""

    TRANSITIONS = {
        FeedbackStatus.RECEIVED: {FeedbackStatus.ASSIGNED},
        FeedbackStatus.ASSIGNED: {FeedbackStatus.ANSWERED, FeedbackStatus.ASSIGNED},
        FeedbackStatus.ANSWERED: {FeedbackStatus.DELIVERED},
        FeedbackStatus.DELIVERED: {FeedbackStatus.RESOLVED},
        FeedbackStatus.RESOLVED: set(),
    }

    number = models.CharField(_("编号"), max_length=20, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, db_index=True)
    forum = models.ForeignKey(Forum, verbose_name=_("座谈会"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="items")
    content = models.TextField(_("意见内容"))
    topic = models.ForeignKey(Topic, verbose_name=_("主题"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="items")
    name = models.CharField(_("提出人"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    queue_unit = models.ForeignKey(Unit, verbose_name=_("受理单位"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.RECEIVED, db_index=True)
    received_at = models.DateTimeField(_("受理时间"))
    assigned_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    deadline = models.DateTimeField(_("答复期限"), null=True, blank=True, db_index=True)
    # Set when the deadline is the policy's limit in working days, so a holiday notice entered later can count
    # it again (feedback.services.feedback_deadlines_refresh); empty for a deadline a forum set itself.
    deadline_working_days = models.PositiveSmallIntegerField(_("答复期限(工作日)"), null=True, blank=True,
                                                             editable=False)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # The day this item counts in the answered-on-time rate (core.deadlines).
    answer_assessed_on = models.DateField(_("答复考核日"), null=True, blank=True, db_index=True, editable=False)
    assessments = (Assessment("answer_assessed_on", due="deadline", done="answered_at"),)
    delivered_at = models.DateTimeField(_("反馈到人时间"), null=True, blank=True)
    delivery_method = models.CharField(_("反馈方式"), max_length=10, choices=DeliveryMethod.choices, blank=True)
    delivery_note = models.CharField(_("反馈情况"), max_length=300, blank=True)
    escalated_at = models.DateTimeField(_("逾期升级时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认解决人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolution_reason = models.TextField(_("无关联工作时的解决说明"), blank=True,
                                         help_text=_("关联工作未全部完成(或没有关联工作)时,由管理人员写明已解决的依据。"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_path = "queue_unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客户意见")
        verbose_name_plural = _("客户意见")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.content[:30]}"

    @property
    def is_told_back(self) -> bool:
        return self.status in TOLD_BACK

    @property
    def is_resolved(self) -> bool:
        return self.status == FeedbackStatus.RESOLVED


class WorkKind(models.TextChoices):
    HAZARD = "hazard", _("隐患整改")
    REPAIR_ORDER = "repair_order", _("抢修工单")
    APPLICATION = "application", _("业扩申请")
    PAYMENT_MEASURE = "payment_measure", _("缴费难措施")
    TASK = "task", _("活动任务")


class FeedbackLink(models.Model):
    """The work that fixes the problem an opinion raised: exactly one of the work fields is set (`kind` says
    which). Whether that work is done is read from the work itself (feedback/links.py), never copied."""

    item = models.ForeignKey(FeedbackItem, verbose_name=_("客户意见"), on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("工作类型"), max_length=16, choices=WorkKind.choices)
    hazard = models.ForeignKey("outreach.Hazard", verbose_name=_("隐患"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="feedback_links")
    repair_order = models.ForeignKey("repairs.RepairOrder", verbose_name=_("抢修工单"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="feedback_links")
    application = models.ForeignKey("connections.Application", verbose_name=_("业扩申请"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="feedback_links")
    payment_measure = models.ForeignKey("payments.PaymentMeasure", verbose_name=_("缴费难措施"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="feedback_links")
    task = models.ForeignKey("campaign.Task", verbose_name=_("活动任务"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="feedback_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("关联人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(_("关联时间"), auto_now_add=True)

    scope_path = "item__queue_unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("意见整改关联")
        verbose_name_plural = _("意见整改关联")
        ordering = ["id"]
        constraints = [models.CheckConstraint(name="feedback_link_one_work", condition=reduce(or_, (
            models.Q(kind=kind, **{f"{f}__isnull": f != kind for f in WorkKind.values}) for kind in WorkKind.values)))]

    @property
    def work(self):
        return getattr(self, self.kind)


class FeedbackEvent(Event):
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="events")

    scope_path = "item__queue_unit"
    objects = ScopedManager()

    status_choices = FeedbackStatus

    class Meta(Event.Meta):
        verbose_name = _("意见处理记录")
        verbose_name_plural = _("意见处理记录")
