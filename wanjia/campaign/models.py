"""The 為民服務 創先爭優 action plan: a campaign over a unit subtree, its four phases and their tasks, activity
days, party branches paired with customers, the five-in-place (五到位) scorecard and the summary reports."""
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.org.scoping import ScopedManager


class Campaign(models.Model):
    """The participating units are the owning unit's subtree (one rule, same as scope)."""

    name = models.CharField(_("名稱"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("牽頭單位"), on_delete=models.PROTECT, related_name="campaigns")
    start_date = models.DateField(_("開始日期"))
    end_date = models.DateField(_("結束日期"))
    goals = models.TextField(_("工作目標"), blank=True)
    leading_group = models.TextField(_("領導小組"), blank=True, help_text=_("組長、副組長、成員及辦公室"))
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活動")
        verbose_name_plural = _("活動")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("結束日期不能早於開始日期。")})

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date


class CampaignGoal(models.Model):
    """A goal with an optional KPI (a scorecard item code, so the report can measure it before and during)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE, related_name="goal_items")
    text = models.CharField(_("目標"), max_length=300)
    kpi_code = models.CharField(_("關聯指標"), max_length=40, blank=True,
                                help_text=_("五到位評分項目代碼,如 repair_response"))
    target = models.FloatField(_("目標值(比率)"), null=True, blank=True)

    scope_path = "campaign__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活動目標")
        verbose_name_plural = _("活動目標")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class PhaseKind(models.TextChoices):
    LAUNCH = "launch", _("動員部署")
    SURVEY = "survey", _("調研走訪")
    RECTIFICATION = "rectification", _("整改提高")
    SUMMARY = "summary", _("總結表彰")


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("階段"), max_length=16, choices=PhaseKind.choices)
    start_date = models.DateField(_("開始日期"))
    end_date = models.DateField(_("結束日期"))
    description = models.TextField(_("工作內容"), blank=True)

    scope_path = "campaign__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("階段")
        verbose_name_plural = _("階段")
        ordering = ["start_date"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_phase_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("結束日期不能早於開始日期。")})
        if self.campaign_id and self.start_date and self.end_date and not (
                self.campaign.covers(self.start_date) and self.campaign.covers(self.end_date)):
            raise ValidationError({"start_date": _("階段日期必須在活動期間內。")})


class Task(models.Model):
    phase = models.ForeignKey(Phase, verbose_name=_("階段"), on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(Unit, verbose_name=_("責任單位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("任務"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("負責人"), on_delete=models.PROTECT,
                              related_name="+")
    due_date = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成時間"), null=True, blank=True)
    done_note = models.TextField(_("完成情況"), blank=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任務")
        verbose_name_plural = _("任務")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ActivityDay(models.Model):
    """A 社會活動日: the walk-in visits done that day point here (outreach.Visit.activity_day)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE,
                                 related_name="activity_days")
    unit = models.ForeignKey(Unit, verbose_name=_("主辦單位"), on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name=_("參加單位"), blank=True, related_name="+")
    date = models.DateField(_("日期"))
    place = models.CharField(_("地點"), max_length=200)
    commitments = models.TextField(_("公開承諾"), blank=True)
    materials = models.TextField(_("發放資料"), blank=True)
    materials_count = models.PositiveIntegerField(_("發放資料份數"), default=0)
    attendance = models.PositiveIntegerField(_("參加人數"), default=0)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社會活動日")
        verbose_name_plural = _("社會活動日")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


class ActivityPhoto(models.Model):
    activity_day = models.ForeignKey(ActivityDay, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to="campaign/activity/%Y/%m/")
    caption = models.CharField(_("說明"), max_length=200, blank=True)

    scope_path = "activity_day__unit"
    objects = ScopedManager()

    audit_exempt = True  # uploaded or generated files: the row is the record

    class Meta:
        verbose_name = _("活動照片")
        verbose_name_plural = _("活動照片")


class PartyBranch(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("所屬單位"), on_delete=models.PROTECT, related_name="party_branches")
    name = models.CharField(_("支部名稱"), max_length=100)
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("支部書記"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("黨支部")
        verbose_name_plural = _("黨支部")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class PartyMember(models.Model):
    branch = models.ForeignKey(PartyBranch, verbose_name=_("黨支部"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("系統用戶"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(_("在冊"), default=True)

    scope_path = "branch__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("黨員")
        verbose_name_plural = _("黨員")
        ordering = ["branch", "name"]

    def __str__(self) -> str:
        return self.name


class Pairing(models.Model):
    """結對: a branch (and optionally one of its members) paired with a customer."""

    branch = models.ForeignKey(PartyBranch, verbose_name=_("黨支部"), on_delete=models.CASCADE, related_name="pairings")
    member = models.ForeignKey(PartyMember, verbose_name=_("黨員"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="pairings")
    customer = models.ForeignKey(Customer, verbose_name=_("結對客戶"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("結對日期"))
    ended_on = models.DateField(_("解除日期"), null=True, blank=True)
    note = models.CharField(_("說明"), max_length=200, blank=True)

    scope_path = "branch__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("結對")
        verbose_name_plural = _("結對")
        ordering = ["-started_on", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "member", "customer"], name="one_pairing")]

    def __str__(self) -> str:
        return f"{self.member or self.branch} ↔ {self.customer.name}"


class PairingVisit(models.Model):
    pairing = models.ForeignKey(Pairing, verbose_name=_("結對"), on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("走訪日期"))
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記錄人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    content = models.TextField(_("走訪內容"))
    help_given = models.CharField(_("解決的問題"), max_length=200, blank=True)

    scope_path = "pairing__branch__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("結對走訪")
        verbose_name_plural = _("結對走訪")
        ordering = ["-date", "-id"]


class ScorecardItem(models.Model):
    """An item of the five-in-place scorecard. `source_code` names an entry of some app's
    `scorecard.SOURCES`; blank means the item is only ever scored by recorded assessment."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    dimension = models.CharField(_("維度"), max_length=50)
    name = models.CharField(_("項目"), max_length=100)
    max_points = models.PositiveSmallIntegerField(_("滿分"))
    source_code = models.SlugField(_("數據來源"), max_length=40, blank=True)
    description = models.TextField(_("評分標準"), blank=True)
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    source = models.CharField(_("依據"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("五到位評分項目")
        verbose_name_plural = _("五到位評分項目")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.dimension} · {self.name}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


class Assessment(models.Model):
    """A score given by an assessor where the data cannot give one (or to record an inspection's finding)."""

    unit = models.ForeignKey(Unit, verbose_name=_("被評單位"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"), help_text=_("該月第一天"))
    item = models.ForeignKey(ScorecardItem, verbose_name=_("項目"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    evidence = models.TextField(_("評分依據"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("評分人"), on_delete=models.PROTECT,
                                 related_name="+")
    assessed_at = models.DateTimeField(_("評分時間"), auto_now=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("評分記錄")
        verbose_name_plural = _("評分記錄")
        ordering = ["-month", "unit__path", "item__order"]
        constraints = [models.UniqueConstraint(fields=["unit", "month", "item"], name="one_assessment_per_month")]

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("月份請填該月第一天。")})
        if self.item_id and self.score is not None and not 0 <= self.score <= self.item.max_points:
            raise ValidationError({"score": _("得分必須在 0 到 %(max)s 之間。") % {"max": self.item.max_points}})


class GoodPractice(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE,
                                 related_name="good_practices")
    unit = models.ForeignKey(Unit, verbose_name=_("單位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("標題"), max_length=200)
    description = models.TextField(_("做法與成效"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("記錄人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_on = models.DateField(_("記錄日期"))

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("典型經驗")
        verbose_name_plural = _("典型經驗")
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return self.title


class SummaryReport(models.Model):
    """One generation of the summary: the Excel and PDF built from the same figures at the same moment."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活動"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("匯總範圍"), on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(_("生成時間"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.PROTECT,
                                     related_name="+")
    xlsx = models.FileField(_("Excel"), upload_to="campaign/reports/")
    pdf = models.FileField(_("PDF"), upload_to="campaign/reports/")

    scope_path = "unit"
    objects = ScopedManager()

    audit_exempt = True  # uploaded or generated files: the row is the record

    class Meta:
        verbose_name = _("總結報告")
        verbose_name_plural = _("總結報告")
        ordering = ["-generated_at"]
