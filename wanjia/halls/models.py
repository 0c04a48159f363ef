"""Business halls (营业厅): the counter-service side of the action plan's 窗口服务优质到位. A hall's address
and location live on its org Unit; this app adds what the counter needs: opening hours, counters, services,
the facilities checklist, staff on duty, visits with the plan's practices, the customer's evaluation, and the
counter staff's training sessions, attendance and skill checks."""
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import english
from wanjia.core.text import label
from wanjia.org.models import Unit, UnitKind
from wanjia.org.scoping import ScopedManager


def new_token() -> str:
    """An unguessable code printed on a slip or poster; it lets one person rate one visit, nothing more."""
    return secrets.token_urlsafe(9)


class Catalogue(models.Model):
    """A list an administrator edits in the admin: code, name, order, where the entry comes from."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = english(_("英文名称"), 100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return label(self)


class Facility(Catalogue):
    history = HistoricalRecords()

    class Meta(Catalogue.Meta):
        verbose_name = _("营业厅设施项目")
        verbose_name_plural = _("营业厅设施项目")


class HallService(Catalogue):
    history = HistoricalRecords()

    class Meta(Catalogue.Meta):
        verbose_name = _("营业厅服务项目")
        verbose_name_plural = _("营业厅服务项目")


class Practice(Catalogue):
    """A service practice the plan names (首问负责, 一次性告知, ...), recorded on a visit when it was applied."""

    history = HistoricalRecords()

    class Meta(Catalogue.Meta):
        verbose_name = _("服务制度")
        verbose_name_plural = _("服务制度")


class DissatisfactionReason(Catalogue):
    history = HistoricalRecords()

    class Meta(Catalogue.Meta):
        verbose_name = _("不满意原因")
        verbose_name_plural = _("不满意原因")


class BusinessHall(models.Model):
    unit = models.OneToOneField(Unit, verbose_name=_("营业厅单位"), on_delete=models.CASCADE, related_name="hall_profile",
                                limit_choices_to={"kind": UnitKind.HALL})
    counters = models.PositiveSmallIntegerField(_("窗口数"), default=1)
    services = models.ManyToManyField(HallService, verbose_name=_("服务项目"), blank=True, related_name="halls")
    open_on_public_holidays = models.BooleanField(_("法定节假日营业"), default=False)
    notes = models.CharField(_("备注"), max_length=300, blank=True)
    # The code on the hall's poster: anyone who was served there may rate the visit.
    evaluation_token = models.CharField(_("评价码"), max_length=32, unique=True, default=new_token, editable=False)

    scope_path = "unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("营业厅档案")
        verbose_name_plural = _("营业厅档案")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.unit.name

    def clean(self):
        if self.unit_id and self.unit.kind != UnitKind.HALL:
            raise ValidationError({"unit": _("只能为营业厅类型的单位建立档案。")})
        if self.counters < 1:
            raise ValidationError({"counters": _("窗口数至少为 1。")})


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class OpeningHours(models.Model):
    """One open period on a weekday; a lunch break is two periods."""

    hall = models.ForeignKey(BusinessHall, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    opens = models.TimeField(_("开门"))
    closes = models.TimeField(_("关门"))

    scope_path = "hall__unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("营业时间")
        verbose_name_plural = _("营业时间")
        ordering = ["weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="hours_close_after_open")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class FacilityCheck(models.Model):
    """The latest answer for one checklist item at one hall (who checked and when)."""

    hall = models.ForeignKey(BusinessHall, on_delete=models.CASCADE, related_name="facility_checks")
    facility = models.ForeignKey(Facility, verbose_name=_("设施"), on_delete=models.PROTECT, related_name="checks")
    present = models.BooleanField(_("已配备且完好"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("检查时间"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("检查人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    scope_path = "hall__unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("设施检查")
        verbose_name_plural = _("设施检查")
        constraints = [models.UniqueConstraint(fields=["hall", "facility"], name="one_check_per_facility")]


class CounterDuty(models.Model):
    """A counter clerk signed on at a counter; `ended_at` empty while on duty."""

    hall = models.ForeignKey(BusinessHall, on_delete=models.CASCADE, related_name="duties")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("窗口人员"), on_delete=models.PROTECT,
                              related_name="counter_duties")
    counter_no = models.PositiveSmallIntegerField(_("窗口号"))
    started_at = models.DateTimeField(_("上岗时间"))
    ended_at = models.DateTimeField(_("下岗时间"), null=True, blank=True)

    scope_path = "hall__unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("窗口值班")
        verbose_name_plural = _("窗口值班")
        ordering = ["counter_no", "-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["staff"], condition=Q(ended_at__isnull=True), name="one_open_duty_per_staff"),
            models.UniqueConstraint(fields=["hall", "counter_no"], condition=Q(ended_at__isnull=True),
                                    name="one_open_duty_per_counter"),
        ]


class Visit(models.Model):
    """One customer served at a counter."""

    hall = models.ForeignKey(BusinessHall, verbose_name=_("营业厅"), on_delete=models.PROTECT, related_name="visits")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("窗口人员"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="hall_visits")
    counter_no = models.PositiveSmallIntegerField(_("窗口号"), null=True, blank=True)
    service = models.ForeignKey(HallService, verbose_name=_("办理事项"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="visits")
    practices = models.ManyToManyField(Practice, verbose_name=_("落实的服务制度"), blank=True, related_name="visits")
    served_at = models.DateTimeField(_("办理时间"), db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    token = models.CharField(_("评价码"), max_length=32, unique=True, default=new_token, editable=False)

    scope_path = "hall__unit"
    objects = ScopedManager()
    # Written once and never edited: the row is its own record.
    audit_exempt = True

    class Meta:
        verbose_name = _("窗口服务记录")
        verbose_name_plural = _("窗口服务记录")
        ordering = ["-served_at"]


class Rating(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    DISSATISFIED = "dissatisfied", _("不满意")


SATISFIED_RATINGS = (Rating.VERY_SATISFIED, Rating.SATISFIED)


class EvaluationChannel(models.TextChoices):
    COUNTER = "counter", _("窗口评价器")
    PORTAL = "portal", _("扫码评价")


class Evaluation(models.Model):
    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices)
    reasons = models.ManyToManyField(DissatisfactionReason, verbose_name=_("不满意原因"), blank=True,
                                     related_name="evaluations")
    comment = models.CharField(_("意见"), max_length=500, blank=True)
    channel = models.CharField(_("评价方式"), max_length=8, choices=EvaluationChannel.choices)
    created_at = models.DateTimeField(_("评价时间"))

    scope_path = "visit__hall__unit"
    objects = ScopedManager()
    audit_exempt = True  # written once (one per visit), never edited

    class Meta:
        verbose_name = _("客户评价")
        verbose_name_plural = _("客户评价")


class SkillItem(Catalogue):
    """A skill counter staff are checked on (business knowledge, etiquette, the billing system, ...): its
    pass mark and how long a pass stays valid are data."""

    pass_score = models.PositiveSmallIntegerField(_("合格分"), default=80)
    valid_months = models.PositiveSmallIntegerField(_("有效期(月)"), default=12)
    history = HistoricalRecords()

    class Meta(Catalogue.Meta):
        verbose_name = _("窗口技能项目")
        verbose_name_plural = _("窗口技能项目")


class TrainingSession(models.Model):
    """A training session for counter staff (提升柜台人员服务技能), held by a unit for its clerks."""

    unit = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("培训主题"), max_length=200)
    skills = models.ManyToManyField(SkillItem, verbose_name=_("涉及技能"), blank=True, related_name="sessions")
    date = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    trainer = models.CharField(_("授课人"), max_length=100, blank=True)
    content = models.TextField(_("培训内容"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    scope_path = "unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("窗口人员培训")
        verbose_name_plural = _("窗口人员培训")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("窗口人员"), on_delete=models.PROTECT,
                              related_name="training_attendance")
    attended = models.BooleanField(_("出勤"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path = "session__unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培训出勤")
        verbose_name_plural = _("培训出勤")
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="one_attendance_per_staff")]


class SkillCheck(models.Model):
    """One clerk checked on one skill: the score, and whether it passed (against the item's pass mark)."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("窗口人员"), on_delete=models.PROTECT,
                              related_name="skill_checks")
    unit = models.ForeignKey(Unit, verbose_name=_("考核单位"), on_delete=models.PROTECT, related_name="+")
    skill = models.ForeignKey(SkillItem, verbose_name=_("技能"), on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField(_("考核日期"))
    score = models.PositiveSmallIntegerField(_("得分"))
    passed = models.BooleanField(_("合格"), editable=False)
    checker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("考核人"), on_delete=models.PROTECT,
                                related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path = "unit"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("技能考核")
        verbose_name_plural = _("技能考核")
        ordering = ["-checked_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(score__lte=100), name="skill_score_at_most_100")]
