"""The six walk-ins (六走進): checklists per category (data), visit plans and visits with their answers and
photos, and the hazard → rectification order → done → verified → closed loop (also used for the
rectification phase's self-inspection)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.campaign.models import ActivityDay, Campaign
from wanjia.core.models import Event
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class ChecklistItem(models.Model):
    category = models.CharField(_("走進類別"), max_length=12, choices=WalkInCategory.choices, db_index=True)
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    text = models.CharField(_("檢查內容"), max_length=200)
    guidance = models.TextField(_("檢查要點"), blank=True)
    source = models.CharField(_("依據"), max_length=300, blank=True)
    is_active = models.BooleanField(_("啟用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走訪檢查項")
        verbose_name_plural = _("走訪檢查項")
        ordering = ["category", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.text}"


class VisitPlan(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE, related_name="visit_plans")
    unit = models.ForeignKey(Unit, verbose_name=_("責任單位"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("走進類別"), max_length=12, choices=WalkInCategory.choices)
    target = models.CharField(_("走訪對象"), max_length=200)
    customer = models.ForeignKey(Customer, verbose_name=_("客戶"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    planned_date = models.DateField(_("計劃日期"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("走訪人員"), blank=True, related_name="+")

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走訪計劃")
        verbose_name_plural = _("走訪計劃")
        ordering = ["planned_date", "id"]

    def __str__(self) -> str:
        return f"{self.planned_date} {self.target}"


class Visit(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE, related_name="visits")
    plan = models.OneToOneField(VisitPlan, verbose_name=_("走訪計劃"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="visit")
    activity_day = models.ForeignKey(ActivityDay, verbose_name=_("社會活動日"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="visits")
    unit = models.ForeignKey(Unit, verbose_name=_("責任單位"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("走進類別"), max_length=12, choices=WalkInCategory.choices, db_index=True)
    customer = models.ForeignKey(Customer, verbose_name=_("客戶"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    site = models.CharField(_("走訪對象/地點"), max_length=200)
    date = models.DateField(_("走訪日期"), db_index=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("走訪人員"), related_name="+")
    summary = models.TextField(_("走訪情況"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記錄人"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("記錄時間"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走訪記錄")
        verbose_name_plural = _("走訪記錄")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} {self.site}"


class AnswerResult(models.TextChoices):
    OK = "ok", _("正常")
    PROBLEM = "problem", _("有問題")
    NOT_APPLICABLE = "na", _("不適用")


class VisitAnswer(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("檢查項"), on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("結果"), max_length=8, choices=AnswerResult.choices)
    note = models.CharField(_("說明"), max_length=300, blank=True)

    scope_path = "visit__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("檢查結果")
        verbose_name_plural = _("檢查結果")
        ordering = ["item__order", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_answer_per_item")]


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to="outreach/visits/%Y/%m/")

    scope_path = "visit__unit"
    objects = ScopedManager()
    audit_exempt = True  # uploaded or generated files: the row is the record


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    MAJOR = "major", _("較大")
    CRITICAL = "critical", _("重大")


class HazardSide(models.TextChoices):
    UTILITY = "utility", _("供電企業側")
    CUSTOMER = "customer", _("客戶側")


class HazardStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    ORDERED = "ordered", _("整改中")
    DONE = "done", _("待驗收")
    VERIFIED = "verified", _("已驗收")
    CLOSED = "closed", _("已銷號")


class Hazard(models.Model):
    """隱患. Its rectification order (owner, deadline) is issued with it or later; the loop is
    open → ordered → done → verified → closed, and a failed verification sends it back to ordered."""

    TRANSITIONS = {
        HazardStatus.OPEN: {HazardStatus.ORDERED},
        HazardStatus.ORDERED: {HazardStatus.DONE},
        HazardStatus.DONE: {HazardStatus.VERIFIED, HazardStatus.ORDERED},
        HazardStatus.VERIFIED: {HazardStatus.CLOSED},
        HazardStatus.CLOSED: set(),
    }

    number = models.CharField(_("編號"), max_length=20, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("責任單位"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="hazards")
    visit = models.ForeignKey(Visit, verbose_name=_("發現於走訪"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="hazards")
    answer = models.OneToOneField(VisitAnswer, verbose_name=_("來自檢查項"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="hazard")
    customer = models.ForeignKey(Customer, verbose_name=_("客戶"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    is_self_inspection = models.BooleanField(_("自查發現"), default=False)
    description = models.TextField(_("隱患描述"))
    location = models.CharField(_("位置"), max_length=200, blank=True)
    severity = models.CharField(_("等級"), max_length=10, choices=Severity.choices)
    side = models.CharField(_("責任方"), max_length=10, choices=HazardSide.choices)
    status = models.CharField(_("狀態"), max_length=10, choices=HazardStatus.choices, default=HazardStatus.OPEN,
                              db_index=True)
    found_on = models.DateField(_("發現日期"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("發現人"), on_delete=models.PROTECT,
                                    related_name="+")
    # The rectification order: who must fix it by when (the responsible person and deadline).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改負責人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    measures = models.TextField(_("整改要求"), blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    rectified_at = models.DateTimeField(_("整改完成時間"), null=True, blank=True)
    rectification_note = models.TextField(_("整改情況"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("驗收人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("驗收時間"), null=True, blank=True)
    closed_at = models.DateTimeField(_("銷號時間"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("逾期升級時間"), null=True, blank=True)
    created_at = models.DateTimeField(_("登記時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("隱患")
        verbose_name_plural = _("隱患")
        ordering = ["-found_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    @property
    def is_overdue(self) -> bool:
        """Past its rectification deadline and not yet reported done."""
        return (self.deadline is not None and self.deadline < timezone.localdate()
                and self.status in (HazardStatus.OPEN, HazardStatus.ORDERED))


class HazardPhoto(models.Model):
    STAGES = [("found", _("發現時")), ("rectified", _("整改後"))]

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("階段"), max_length=10, choices=STAGES, default="found")
    image = models.ImageField(_("照片"), upload_to="outreach/hazards/%Y/%m/")

    scope_path = "hazard__unit"
    objects = ScopedManager()
    audit_exempt = True  # uploaded or generated files: the row is the record


class HazardEvent(Event):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events")

    scope_path = "hazard__unit"
    objects = ScopedManager()

    def label(self, status: str) -> str:
        return HazardStatus(status).label if status in HazardStatus.values else status

    @property
    def from_label(self) -> str:
        return self.label(self.from_status) if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return self.label(self.to_status)

    class Meta(Event.Meta):
        verbose_name = _("隱患處理記錄")
        verbose_name_plural = _("隱患處理記錄")
