"""Customer forums (客戶座談會) and feedback items from every channel, each followed from receipt to an answer
that is recorded as having reached the person."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.campaign.models import Campaign
from wanjia.core.models import Event
from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class Topic(models.Model):
    """Feedback topics (data): the hot-and-difficult view groups by these."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name = models.CharField(_("名稱"), max_length=50)
    order = models.PositiveSmallIntegerField(_("順序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("意見主題")
        verbose_name_plural = _("意見主題")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Forum(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="forums")
    unit = models.ForeignKey(Unit, verbose_name=_("主辦單位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("主題"), max_length=200)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地點"), max_length=200)
    minutes = models.TextField(_("會議紀要"), blank=True)
    held = models.BooleanField(_("已召開"), default=False)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客戶座談會")
        verbose_name_plural = _("客戶座談會")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class AttendeeKind(models.TextChoices):
    RESIDENT = "resident", _("居民客戶")
    ENTERPRISE = "enterprise", _("企業客戶")
    IMPORTANT = "important", _("重要客戶")
    DEPUTY = "deputy", _("人大代表/政協委員")
    GOVERNMENT = "government", _("政府部門")
    COMMUNITY = "community", _("村(社區)幹部")
    OTHER = "other", _("其他")


class ForumAttendee(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("姓名/單位"), max_length=100)
    kind = models.CharField(_("類別"), max_length=12, choices=AttendeeKind.choices)
    customer = models.ForeignKey(Customer, verbose_name=_("客戶"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    scope_path = "forum__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("參會人")
        verbose_name_plural = _("參會人")


class Channel(models.TextChoices):
    FORUM = "forum", _("座談會")
    COUNTER = "counter", _("營業廳")
    HOTLINE = "hotline", _("熱線")
    WEB = "web", _("網站")
    PORTAL = "portal", _("服務門戶")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("待分派")
    ASSIGNED = "assigned", _("辦理中")
    ANSWERED = "answered", _("已答復")
    DELIVERED = "delivered", _("已反饋到人")


class DeliveryMethod(models.TextChoices):
    PHONE = "phone", _("電話")
    SMS = "sms", _("短信")
    VISIT = "visit", _("上門")
    LETTER = "letter", _("書面")
    MEETING = "meeting", _("座談會上")


class FeedbackItem(models.Model):
    """One opinion or suggestion. `unit` is the responsible unit; until it is set (a portal or web item whose
    area is not known) the item waits in the triage queue of `queue_unit` and no deadline runs."""

    TRANSITIONS = {
        FeedbackStatus.RECEIVED: {FeedbackStatus.ASSIGNED},
        FeedbackStatus.ASSIGNED: {FeedbackStatus.ANSWERED, FeedbackStatus.ASSIGNED},
        FeedbackStatus.ANSWERED: {FeedbackStatus.DELIVERED},
        FeedbackStatus.DELIVERED: set(),
    }

    number = models.CharField(_("編號"), max_length=20, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, db_index=True)
    forum = models.ForeignKey(Forum, verbose_name=_("座談會"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="items")
    content = models.TextField(_("意見內容"))
    topic = models.ForeignKey(Topic, verbose_name=_("主題"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="items")
    name = models.CharField(_("提出人"), max_length=100, blank=True)
    phone = models.CharField(_("聯繫電話"), max_length=20, blank=True)
    customer = models.ForeignKey(Customer, verbose_name=_("客戶"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    queue_unit = models.ForeignKey(Unit, verbose_name=_("受理單位"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("責任單位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    status = models.CharField(_("狀態"), max_length=10, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.RECEIVED, db_index=True)
    received_at = models.DateTimeField(_("受理時間"))
    assigned_at = models.DateTimeField(_("分派時間"), null=True, blank=True)
    deadline = models.DateTimeField(_("答復期限"), null=True, blank=True, db_index=True)
    answer = models.TextField(_("答復意見"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答復人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("答復時間"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("反饋到人時間"), null=True, blank=True)
    delivery_method = models.CharField(_("反饋方式"), max_length=10, choices=DeliveryMethod.choices, blank=True)
    delivery_note = models.CharField(_("反饋情況"), max_length=300, blank=True)
    escalated_at = models.DateTimeField(_("逾期升級時間"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登記人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    scope_path = "queue_unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客戶意見")
        verbose_name_plural = _("客戶意見")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.content[:30]}"

    @property
    def is_resolved(self) -> bool:
        return self.status == FeedbackStatus.DELIVERED


class FeedbackEvent(Event):
    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="events")

    scope_path = "item__queue_unit"
    objects = ScopedManager()

    def label(self, status: str) -> str:
        return FeedbackStatus(status).label if status in FeedbackStatus.values else status

    @property
    def from_label(self) -> str:
        return self.label(self.from_status) if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return self.label(self.to_status)

    class Meta(Event.Meta):
        verbose_name = _("意見處理記錄")
        verbose_name_plural = _("意見處理記錄")
