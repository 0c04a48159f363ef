"""The six walk-ins (六走进): checklists per category (data), visit plans and visits with their answers and
photos, and the hazard → rectification order → done → verified → closed loop (also used for the
rectification phase's self-inspection)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.campaign.models import ActivityDay, Campaign
from wanjia.core.deadlines import Assessed, Assessment
from wanjia.core.files import GeneratedPath
from wanjia.core.models import Event, english
from wanjia.core.text import label
from wanjia.core.voiding import LiveManager, Voidable
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class ChecklistItem(models.Model):
    category = models.CharField(_("走进类别"), max_length=12, choices=WalkInCategory.choices, db_index=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    text = models.CharField(_("检查内容"), max_length=200)
    text_en = english(_("检查内容(英文)"), 200)
    guidance = models.TextField(_("检查要点"), blank=True)
    guidance_en = english(_("检查要点(英文)"))
    source = models.CharField(_("依据"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访检查项")
        verbose_name_plural = _("走访检查项")
        ordering = ["category", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {label(self, 'text')}"


class VisitPlan(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="visit_plans")
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("走进类别"), max_length=12, choices=WalkInCategory.choices)
    target = models.CharField(_("走访对象"), max_length=200)
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    planned_date = models.DateField(_("计划日期"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("走访人员"), blank=True, related_name="+")

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访计划")
        verbose_name_plural = _("走访计划")
        ordering = ["planned_date", "id"]

    def __str__(self) -> str:
        return f"{self.planned_date} {self.target}"


class Visit(Voidable):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="visits")
    plan = models.OneToOneField(VisitPlan, verbose_name=_("走访计划"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="visit")
    activity_day = models.ForeignKey(ActivityDay, verbose_name=_("社会活动日"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="visits")
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("走进类别"), max_length=12, choices=WalkInCategory.choices, db_index=True)
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    site = models.CharField(_("走访对象/地点"), max_length=200)
    date = models.DateField(_("走访日期"), db_index=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("走访人员"), related_name="+")
    summary = models.TextField(_("走访情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope_path = "unit"
    objects = LiveManager()
    all_objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_category_display()} {self.site}"


class AnswerResult(models.TextChoices):
    OK = "ok", _("正常")
    PROBLEM = "problem", _("有问题")
    NOT_APPLICABLE = "na", _("不适用")


class VisitAnswer(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项"), on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("结果"), max_length=8, choices=AnswerResult.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    scope_path = "visit__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("检查结果")
        verbose_name_plural = _("检查结果")
        ordering = ["item__order", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_answer_per_item")]


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=GeneratedPath("outreach/visits/"), db_index=True)

    scope_path = "visit__unit"
    objects = ScopedManager()
    audit_exempt = True  # uploaded or generated files: the row is the record


class Severity(models.TextChoices):
    GENERAL = "general", _("一般")
    MAJOR = "major", _("较大")
    CRITICAL = "critical", _("重大")


class HazardSide(models.TextChoices):
    UTILITY = "utility", _("供电企业侧")
    CUSTOMER = "customer", _("客户侧")


class HazardStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    ORDERED = "ordered", _("整改中")
    DONE = "done", _("待验收")
    VERIFIED = "verified", _("已验收")
    CLOSED = "closed", _("已销号")


class Hazard(Assessed):
    """隐患. Its rectification order (owner, deadline) is issued with it or later; the loop is
    open → ordered → done → verified → closed, and a failed verification sends it back to ordered."""

    TRANSITIONS = {
        HazardStatus.OPEN: {HazardStatus.ORDERED},
        HazardStatus.ORDERED: {HazardStatus.DONE},
        HazardStatus.DONE: {HazardStatus.VERIFIED, HazardStatus.ORDERED},
        HazardStatus.VERIFIED: {HazardStatus.CLOSED},
        HazardStatus.CLOSED: set(),
    }

    number = models.CharField(_("编号"), max_length=20, unique=True)
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="hazards")
    visit = models.ForeignKey(Visit, verbose_name=_("发现于走访"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="hazards")
    answer = models.OneToOneField(VisitAnswer, verbose_name=_("来自检查项"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="hazard")
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    is_self_inspection = models.BooleanField(_("自查发现"), default=False)
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("位置"), max_length=200, blank=True)
    severity = models.CharField(_("等级"), max_length=10, choices=Severity.choices)
    side = models.CharField(_("责任方"), max_length=10, choices=HazardSide.choices)
    status = models.CharField(_("状态"), max_length=10, choices=HazardStatus.choices, default=HazardStatus.OPEN,
                              db_index=True)
    found_on = models.DateField(_("发现日期"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发现人"), on_delete=models.PROTECT,
                                    related_name="+")
    # The rectification order: who must fix it by when (the responsible person and deadline).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改负责人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("整改期限"), null=True, blank=True, db_index=True)
    measures = models.TextField(_("整改要求"), blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("整改人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectification_note = models.TextField(_("整改情况"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("验收人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    # The day this hazard counts in the on-time rectification rate (core.deadlines).
    rectification_assessed_on = models.DateField(_("整改考核日"), null=True, blank=True, db_index=True,
                                                 editable=False)
    assessments = (Assessment("rectification_assessed_on", due="deadline", done="closed_at"),)
    escalated_at = models.DateTimeField(_("逾期升级时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        ordering = ["-found_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    @property
    def is_overdue(self) -> bool:
        """Past its rectification deadline and not yet reported done."""
        return (self.deadline is not None and self.deadline < timezone.localdate()
                and self.status in (HazardStatus.OPEN, HazardStatus.ORDERED))


class HazardPhoto(models.Model):
    STAGES = [("found", _("发现时")), ("rectified", _("整改后"))]

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("阶段"), max_length=10, choices=STAGES, default="found")
    image = models.ImageField(_("照片"), upload_to=GeneratedPath("outreach/hazards/"), db_index=True)

    scope_path = "hazard__unit"
    objects = ScopedManager()
    audit_exempt = True  # uploaded or generated files: the row is the record


class HazardEvent(Event):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events")

    scope_path = "hazard__unit"
    objects = ScopedManager()

    status_choices = HazardStatus

    class Meta(Event.Meta):
        verbose_name = _("隐患处理记录")
        verbose_name_plural = _("隐患处理记录")
