"""The 为民服务 创先争优 action plan: a campaign over a unit subtree, its four phases and their tasks, activity
days, party branches paired with customers, the five-in-place (五到位) scorecard and the summary reports."""
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.files import GeneratedPath
from wanjia.core.models import english
from wanjia.core.text import label
from wanjia.core.voiding import LiveManager, Voidable
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.org.models import Unit, UnitKind
from wanjia.org.scoping import ScopedManager


class Campaign(models.Model):
    """The participating units are the owning unit's subtree (one rule, same as scope)."""

    name = models.CharField(_("名称"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="campaigns")
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    goals = models.TextField(_("工作目标"), blank=True)
    leading_group = models.TextField(_("领导小组说明"), blank=True,
                                     help_text=_("补充说明;成员及分工见领导小组成员名单"))
    copied_from = models.ForeignKey("self", verbose_name=_("复制自"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("建立时间"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})

    def covers(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    @classmethod
    def referable_by(cls, user):
        """Records may name a campaign the user takes part in, including one run by a unit above them."""
        from wanjia.campaign.selectors import campaign_list

        return campaign_list(user=user)


class LeadingRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE = "office", _("办公室")


class LeadingGroupMember(models.Model):
    """A member of the campaign's leading group (领导小组) with their role in it."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE,
                                 related_name="leading_members")
    role = models.CharField(_("小组职务"), max_length=8, choices=LeadingRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("本职岗位"), max_length=100, blank=True, help_text=_("如:局长、市场营销部主任"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("系统用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    duty = models.CharField(_("分工"), max_length=200, blank=True)

    scope_path = "campaign__unit"
    referable_via = "campaign"  # as far as its campaign reaches (org.scoping.referable)
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["campaign", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class GoalMeasure(models.TextChoices):
    RATE = "rate", _("指标(比率)")
    COUNT = "count", _("记录计数")


class CampaignGoal(models.Model):
    """A measurable goal: a rate from some app's scorecard source (`kpi_code`) or a count of the campaign's
    records (`count_code`, see `campaign.goals.COUNTS`), against `target`. Achieved and gap are computed
    (`campaign.goals.goal_progress`), never stored."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="goal_items")
    text = models.CharField(_("目标"), max_length=300)
    measure = models.CharField(_("衡量方式"), max_length=8, choices=GoalMeasure.choices, default=GoalMeasure.RATE)
    kpi_code = models.CharField(_("关联指标"), max_length=40, blank=True,
                                help_text=_("五到位评分项目代码,如 repair_response"))
    count_code = models.CharField(_("计数项目"), max_length=40, blank=True)
    target = models.FloatField(_("目标值"), null=True, blank=True, help_text=_("比率填 0–1(如 0.98),计数填件数"))

    scope_path = "campaign__unit"
    referable_via = "campaign"  # as far as its campaign reaches (org.scoping.referable)
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动目标")
        verbose_name_plural = _("活动目标")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        if self.measure == GoalMeasure.RATE:
            if self.count_code:
                raise ValidationError({"count_code": _("按比率衡量的目标不填计数项目。")})
            if self.target is not None and not 0 <= self.target <= 1:
                raise ValidationError({"target": _("比率目标必须在 0 到 1 之间。")})
        elif self.measure == GoalMeasure.COUNT:
            if not self.count_code:
                raise ValidationError({"count_code": _("请选择计数项目。")})
            if self.kpi_code:
                raise ValidationError({"kpi_code": _("按计数衡量的目标不填关联指标。")})
            if self.target is not None and self.target < 0:
                raise ValidationError({"target": _("目标件数不能为负。")})


class PhaseKind(models.TextChoices):
    LAUNCH = "launch", _("动员部署")
    SURVEY = "survey", _("调研走访")
    RECTIFICATION = "rectification", _("整改提高")
    SUMMARY = "summary", _("总结表彰")


class Phase(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("阶段"), max_length=16, choices=PhaseKind.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    description = models.TextField(_("工作内容"), blank=True)

    scope_path = "campaign__unit"
    referable_via = "campaign"  # as far as its campaign reaches (org.scoping.referable)
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["start_date"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_phase_per_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
        if self.campaign_id and self.start_date and self.end_date and not (
                self.campaign.covers(self.start_date) and self.campaign.covers(self.end_date)):
            raise ValidationError({"start_date": _("阶段日期必须在活动期间内。")})


class Task(models.Model):
    """A phase task of one unit. A task cascaded to a level below (`cascade_kind`) has one child task per unit
    of that kind under its unit; each child is tracked by its own unit and the parent rolls them up."""

    phase = models.ForeignKey(Phase, verbose_name=_("阶段"), on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("任务要求"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("负责人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("分解下达的任务由各单位指定负责人"))
    due_date = models.DateField(_("完成期限"))
    parent = models.ForeignKey("self", verbose_name=_("上级任务"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    cascade_kind = models.CharField(_("分解到"), max_length=16, blank=True, choices=UnitKind.choices)
    overdue_notified_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True, editable=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.TextField(_("完成情况"), blank=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "unit"], name="one_cascaded_task_per_unit")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.done_at is None and self.due_date < today


class TaskEvidence(models.Model):
    """A file proving a task was done (checked by core.uploads.validate_document)."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=GeneratedPath("campaign/tasks/"), db_index=True)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_path = "task__unit"
    objects = ScopedManager()

    audit_exempt = True  # uploaded or generated files: the row is the record

    class Meta:
        verbose_name = _("任务佐证")
        verbose_name_plural = _("任务佐证")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class RequirementKind(models.TextChoices):
    FORUM = "forum", _("客户座谈会")
    ACTIVITY_DAY = "activity_day", _("社会活动日")
    WALK_IN = "walk_in", _("六走进走访")
    SELF_INSPECTION = "self_inspection", _("自查自纠")
    TASKS = "tasks", _("阶段任务")
    COUNTER_TRAINING = "counter_training", _("窗口人员培训")


class Requirement(models.Model):
    """A dated requirement of the plan every unit of `unit_kind` must meet (a column of the schedule
    compliance matrix): met when the unit has a matching record inside the window (for `tasks`: when every
    task of the unit due inside the window is done)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE,
                                 related_name="requirements")
    kind = models.CharField(_("类型"), max_length=16, choices=RequirementKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("截止日期"))
    category = models.CharField(_("走进类别"), max_length=12, choices=WalkInCategory.choices, blank=True)
    unit_kind = models.CharField(_("适用单位"), max_length=16, choices=UnitKind.choices, default=UnitKind.COUNTY)
    own_unit_only = models.BooleanField(_("仅计本单位主办"), default=False,
                                        help_text=_("勾选时只认该单位自己的记录(如局本部的座谈会),不计下属单位的"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    scope_path = "campaign__unit"
    referable_via = "campaign"  # as far as its campaign reaches (org.scoping.referable)
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("进度要求")
        verbose_name_plural = _("进度要求")
        ordering = ["order", "start_date", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("截止日期不能早于开始日期。")})
        if self.kind == RequirementKind.WALK_IN and not self.category:
            raise ValidationError({"category": _("六走进要求须指定走进类别。")})
        if self.kind != RequirementKind.WALK_IN and self.category:
            raise ValidationError({"category": _("只有六走进要求指定走进类别。")})


class ActivityDay(Voidable):
    """A 社会活动日: the walk-in visits done that day point here (outreach.Visit.activity_day)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE,
                                 related_name="activity_days")
    unit = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField(Unit, verbose_name=_("参加单位"), blank=True, related_name="+")
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    commitments = models.TextField(_("公开承诺"), blank=True)
    materials = models.TextField(_("发放资料"), blank=True)
    materials_count = models.PositiveIntegerField(_("发放资料份数"), default=0)
    attendance = models.PositiveIntegerField(_("参加人数"), default=0)

    scope_path = "unit"
    objects = LiveManager()
    all_objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社会活动日")
        verbose_name_plural = _("社会活动日")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


class ActivityPhoto(models.Model):
    activity_day = models.ForeignKey(ActivityDay, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=GeneratedPath("campaign/activity/"), db_index=True)
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path = "activity_day__unit"
    objects = ScopedManager()

    audit_exempt = True  # uploaded or generated files: the row is the record

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")


class GroupKind(models.TextChoices):
    PARTY_BRANCH = "party_branch", _("党支部")
    PARTY_SERVICE_TEAM = "party_service", _("党员服务队")
    WORKER_VANGUARD = "worker_vanguard", _("工人先锋队")
    YOUTH_VOLUNTEERS = "youth_volunteers", _("青年志愿者服务队")


class PartyBranch(models.Model):
    """A 党工团 group: a party branch, a party-member service team, a trade-union 工人先锋队 or a youth-league
    volunteer team. Pairings and visits by any group count for five-in-place item 1 (党工团责任到位)."""

    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="party_branches")
    kind = models.CharField(_("类型"), max_length=16, choices=GroupKind.choices, default=GroupKind.PARTY_BRANCH)
    name = models.CharField(_("名称"), max_length=100)
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("书记/队长"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党工团组织")
        verbose_name_plural = _("党工团组织")
        ordering = ["unit__path", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class PartyMember(models.Model):
    """A member of a 党工团 group (a party member, a union member or a young volunteer)."""

    branch = models.ForeignKey(PartyBranch, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("系统用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField(_("在册"), default=True)

    scope_path = "branch__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        ordering = ["branch", "name"]

    def __str__(self) -> str:
        return self.name


class Pairing(models.Model):
    """结对: a 党工团 group (and optionally one of its members) paired with a customer."""

    branch = models.ForeignKey(PartyBranch, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="pairings")
    member = models.ForeignKey(PartyMember, verbose_name=_("成员"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="pairings")
    customer = models.ForeignKey(Customer, verbose_name=_("结对客户"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("解除日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_path = "branch__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("结对")
        verbose_name_plural = _("结对")
        ordering = ["-started_on", "id"]
        constraints = [models.UniqueConstraint(fields=["branch", "member", "customer"], name="one_pairing")]

    def __str__(self) -> str:
        return f"{self.member or self.branch} ↔ {self.customer.name}"


class PairingVisit(models.Model):
    pairing = models.ForeignKey(Pairing, verbose_name=_("结对"), on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("走访日期"))
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    content = models.TextField(_("走访内容"))
    help_given = models.CharField(_("解决的问题"), max_length=200, blank=True)

    scope_path = "pairing__branch__unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("结对走访")
        verbose_name_plural = _("结对走访")
        ordering = ["-date", "-id"]


class ScorecardItem(models.Model):
    """An item of the five-in-place scorecard. `source_code` names an entry of some app's
    `scorecard.SOURCES`; blank means the item is only ever scored by recorded assessment."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    dimension = models.CharField(_("维度"), max_length=50)
    dimension_en = english(_("维度(英文)"), 50)
    name = models.CharField(_("项目"), max_length=100)
    name_en = english(_("项目(英文)"), 100)
    max_points = models.PositiveSmallIntegerField(_("满分"))
    source_code = models.SlugField(_("数据来源"), max_length=40, blank=True)
    description = models.TextField(_("评分标准"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    source = models.CharField(_("依据"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("五到位评分项目")
        verbose_name_plural = _("五到位评分项目")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{label(self, 'dimension')} · {label(self)}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


class Assessment(models.Model):
    """A score given by an assessor where the data cannot give one (or to record an inspection's finding)."""

    unit = models.ForeignKey(Unit, verbose_name=_("被评单位"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    item = models.ForeignKey(ScorecardItem, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    evidence = models.TextField(_("评分依据"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评分人"), on_delete=models.PROTECT,
                                 related_name="+")
    assessed_at = models.DateTimeField(_("评分时间"), auto_now=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分记录")
        verbose_name_plural = _("评分记录")
        ordering = ["-month", "unit__path", "item__order"]
        constraints = [models.UniqueConstraint(fields=["unit", "month", "item"], name="one_assessment_per_month")]

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("月份请填该月第一天。")})
        if self.item_id and self.score is not None and not 0 <= self.score <= self.item.max_points:
            raise ValidationError({"score": _("得分必须在 0 到 %(max)s 之间。") % {"max": self.item.max_points}})


class GoodPractice(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE,
                                 related_name="good_practices")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("做法与成效"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_on = models.DateField(_("记录日期"))

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("典型经验")
        verbose_name_plural = _("典型经验")
        ordering = ["-recorded_on"]

    def __str__(self) -> str:
        return self.title


class ImprovementKind(models.TextChoices):
    RULE = "rule", _("制度")
    PROCESS = "process", _("流程")


class ProcessImprovement(models.Model):
    """A rule or process the campaign improved (建章立制、优化流程): what changed, from when, and who recorded it.
    The summary report lists these apart from good practices."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE,
                                 related_name="improvements")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=8, choices=ImprovementKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("改进内容"))
    effective_on = models.DateField(_("施行日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope_path = "unit"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("制度流程改进")
        verbose_name_plural = _("制度流程改进")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return self.title


class SummaryReport(models.Model):
    """One generation of the summary: the Excel and PDF built from the same figures at the same moment."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, verbose_name=_("汇总范围"), on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.PROTECT,
                                     related_name="+")
    xlsx = models.FileField(_("Excel"), upload_to=GeneratedPath("campaign/reports/"), db_index=True)
    pdf = models.FileField(_("PDF"), upload_to=GeneratedPath("campaign/reports/"), db_index=True)

    scope_path = "unit"
    objects = ScopedManager()

    audit_exempt = True  # uploaded or generated files: the row is the record

    class Meta:
        verbose_name = _("总结报告")
        verbose_name_plural = _("总结报告")
        ordering = ["-generated_at"]
