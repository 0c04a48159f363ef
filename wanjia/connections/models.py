"""New connections (业扩报装): applications, their stages with statutory deadlines, paused clocks, documents
and the 三指定 (designated design / construction / equipment) compliance records.

What is data here (admin-editable, seeded by migrations with their sources): the stage map (`StageRule`),
the required-documents checklist (`RequiredDocument`) and the capacity ceilings (`CapacityRule`). The
working-day limits themselves come from the active commitment policy (`commitments`)."""
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.commitments.models import ConnectionStage, PolicySet
from wanjia.core.deadlines import Assessed, Assessment
from wanjia.core.files import GeneratedPath
from wanjia.core.models import Event, english
from wanjia.core.text import label
from wanjia.customers.models import Customer, CustomerClass
from wanjia.org.models import Unit, UnitKind
from wanjia.org.scoping import ScopedManager


class ApplicationType(models.TextChoices):
    NEW = "new", _("新装")
    CAPACITY_INCREASE = "capacity_increase", _("增容")
    TEMPORARY = "temporary", _("临时用电")


class IntakeChannel(models.TextChoices):
    COUNTER = "counter", _("营业厅柜台")
    ONLINE = "online", _("网上国网/网站")
    MOBILE = "mobile", _("移动作业(上门受理)")


class ApplicationStatus(models.TextChoices):
    """Where the application is: the stage it waits in, or its end."""

    ACCEPTANCE = ConnectionStage.ACCEPTANCE.value, ConnectionStage.ACCEPTANCE.label
    SUPPLY_PLAN = ConnectionStage.SUPPLY_PLAN.value, ConnectionStage.SUPPLY_PLAN.label
    DESIGN_REVIEW = ConnectionStage.DESIGN_REVIEW.value, ConnectionStage.DESIGN_REVIEW.label
    INTERMEDIATE_INSPECTION = (ConnectionStage.INTERMEDIATE_INSPECTION.value,
                               ConnectionStage.INTERMEDIATE_INSPECTION.label)
    COMPLETION_INSPECTION = ConnectionStage.COMPLETION_INSPECTION.value, ConnectionStage.COMPLETION_INSPECTION.label
    METERING = ConnectionStage.METERING.value, ConnectionStage.METERING.label
    ARCHIVED = ConnectionStage.ARCHIVED.value, ConnectionStage.ARCHIVED.label
    COMPLETED = "completed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤销")


STAGE_ORDER = [s.value for s in ConnectionStage]
OPEN_STATUSES = STAGE_ORDER


class StageRule(models.Model):
    """The stage map: which stages an application of this class and type passes, in which order. A stage may
    apply only above a capacity (small low-voltage applications skip design review and intermediate
    inspection)."""

    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices)
    application_type = models.CharField(_("业务类型"), max_length=20, choices=ApplicationType.choices)
    stage = models.CharField(_("环节"), max_length=32, choices=ConnectionStage.choices)
    position = models.PositiveSmallIntegerField(_("顺序"))
    min_capacity_kva = models.DecimalField(
        _("容量门槛(kVA)"), max_digits=9, decimal_places=1, null=True, blank=True,
        help_text=_("只有申请容量大于此值时才经过此环节;留空为一律经过。"))
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("业扩环节路径")
        verbose_name_plural = _("业扩环节路径")
        ordering = ["customer_class", "application_type", "position"]
        constraints = [models.UniqueConstraint(fields=["customer_class", "application_type", "stage"],
                                               name="one_stage_rule_per_stage")]

    def __str__(self) -> str:
        return f"{self.get_customer_class_display()} · {self.get_application_type_display()} · {self.position}. " \
               f"{self.get_stage_display()}"

    def applies_to(self, capacity_kva) -> bool:
        return self.min_capacity_kva is None or capacity_kva > self.min_capacity_kva


class RequiredDocument(models.Model):
    """The checklist of documents an application must carry before acceptance completes."""

    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices)
    application_type = models.CharField(_("业务类型"), max_length=20, choices=ApplicationType.choices, blank=True,
                                        help_text=_("留空为所有业务类型都需要。"))
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("资料名称"), max_length=100)
    name_en = english(_("英文名称"), 100)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报装必备资料")
        verbose_name_plural = _("报装必备资料")
        ordering = ["customer_class", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["customer_class", "application_type", "code"],
                                               name="one_required_document_per_code")]

    def __str__(self) -> str:
        return f"{self.get_customer_class_display()} · {label(self)}"


class CapacityRule(models.Model):
    """The largest capacity an application of a class may request (None: no ceiling)."""

    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices, unique=True)
    max_kva = models.DecimalField(_("容量上限(kVA)"), max_digits=9, decimal_places=1, null=True, blank=True)
    source = models.TextField(_("依据"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报装容量上限")
        verbose_name_plural = _("报装容量上限")

    def __str__(self) -> str:
        return f"{self.get_customer_class_display()} ≤ {self.max_kva or '—'} kVA"


class Application(models.Model):
    """A connection application, from intake to archive."""

    TRANSITIONS = {
        **{stage: {later for later in STAGE_ORDER[i + 1:]} | {ApplicationStatus.WITHDRAWN}
           for i, stage in enumerate(STAGE_ORDER)},
        ConnectionStage.ARCHIVED: {ApplicationStatus.COMPLETED, ApplicationStatus.WITHDRAWN},
    }

    number = models.CharField(_("申请编号"), max_length=20, unique=True, blank=True)
    application_type = models.CharField(_("业务类型"), max_length=20, choices=ApplicationType.choices)
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="connection_applications",
                                 help_text=_("增容必须是现有客户;新装在受理完成时建档。"))
    applicant_name = models.CharField(_("申请人"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20)
    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices, db_index=True)
    requested_kva = models.DecimalField(_("申请容量(kVA)"), max_digits=9, decimal_places=1,
                                        validators=[MinValueValidator(0)])
    address = models.CharField(_("用电地址"), max_length=200)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.PROTECT,
                                related_name="connection_applications", limit_choices_to={"kind": UnitKind.STATION})
    channel = models.CharField(_("受理渠道"), max_length=12, choices=IntakeChannel.choices)
    # The green channel (绿色通道) at intake: its stages get the policy set's internal targets besides their
    # limits, and it goes first in the queues. A new customer is created with it at acceptance.
    green_channel = models.ForeignKey("customers.GreenChannelKind", verbose_name=_("绿色通道"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=32, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.ACCEPTANCE, db_index=True)
    policy_set = models.ForeignKey(PolicySet, verbose_name=_("时限策略"), on_delete=models.PROTECT,
                                   related_name="+", help_text=_("受理时生效的服务承诺策略;各环节时限取自它。"))
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    connected_at = models.DateTimeField(_("送电时间"), null=True, blank=True, db_index=True,
                                        help_text=_("装表接电完成:「获得电力」的终点。"))
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)
    # Filled at connection, so averages per class are one SQL aggregate.
    utility_days = models.FloatField(_("供电企业用时(工作日)"), null=True, blank=True)
    total_days = models.FloatField(_("全流程用时(工作日)"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("建立时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_path = "station"
    objects = ScopedManager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("业扩申请")
        verbose_name_plural = _("业扩申请")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "received_at"], name="conn_app_status_idx"),
                   # A station's KPI figures read the part months of a period from its applications by
                   # these days (stations keep no daily summary rows: kpi.models).
                   models.Index(fields=["station", "received_at"], name="conn_app_station_received_idx"),
                   models.Index(fields=["station", "connected_at"], name="conn_app_station_connected_idx")]
        constraints = [models.CheckConstraint(condition=Q(requested_kva__gt=0), name="conn_app_capacity_positive")]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class StageRecord(Assessed):
    """One stage of one application: who handles it, when it started and finished, and its deadline.

    `limit_days` is the policy's limit when the stage started (a later policy change does not move a running
    clock); `due_at` is the deadline with the closed pauses applied (an open pause moves it on resume)."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), on_delete=models.CASCADE,
                                    related_name="stages")
    stage = models.CharField(_("环节"), max_length=32, choices=ConnectionStage.choices)
    position = models.PositiveSmallIntegerField(_("顺序"))
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="connection_stages")
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True, db_index=True)
    # The day this stage counts in the on-time rate (core.deadlines), and in the green channel's rate against
    # its internal target.
    assessed_on = models.DateField(_("考核日"), null=True, blank=True, db_index=True, editable=False)
    target_assessed_on = models.DateField(_("目标考核日"), null=True, blank=True, db_index=True, editable=False)
    assessments = (Assessment("assessed_on", due="due_at", done="finished_at",
                              stopped="wanjia.connections.filtersets.stage_paused"),
                   Assessment("target_assessed_on", due="target_due_at", done="finished_at",
                              stopped="wanjia.connections.filtersets.stage_paused"))
    limit_days = models.PositiveSmallIntegerField(_("时限(工作日)"), null=True, blank=True)
    due_at = models.DateTimeField(_("期限"), null=True, blank=True, db_index=True)
    # The green channel's internal target (working days, from the application's policy set) and its deadline,
    # kept like the limit's: the target is fixed when the stage starts and pauses move its deadline too.
    target_days = models.PositiveSmallIntegerField(_("内部目标(工作日)"), null=True, blank=True)
    target_due_at = models.DateTimeField(_("内部目标期限"), null=True, blank=True)
    used_days = models.FloatField(_("实际用时(工作日,扣除暂停)"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.TextField(_("办理意见"), blank=True)

    scope_path = "application__station"
    objects = ScopedManager()
    history = HistoricalRecords(excluded_fields=["overdue_notified_at"])

    class Meta:
        verbose_name = _("业扩环节")
        verbose_name_plural = _("业扩环节")
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "stage"], name="one_record_per_stage"),
            models.CheckConstraint(condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
                                   name="stage_finish_after_start"),
        ]
        indexes = [models.Index(fields=["finished_at", "due_at"], name="conn_stage_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.application.number} · {self.get_stage_display()}"

    @property
    def is_open(self) -> bool:
        return self.started_at is not None and self.finished_at is None


class PauseReason(models.TextChoices):
    DOCUMENTS_MISSING = "documents_missing", _("客户资料不全")
    CUSTOMER_WORKS = "customer_works", _("客户工程未完工")
    CUSTOMER_REQUEST = "customer_request", _("客户要求暂缓")
    OTHER = "other", _("其他客户原因")


class Pause(models.Model):
    """A span in which a stage waits on the customer: its clock stops. Every pause is kept."""

    stage = models.ForeignKey(StageRecord, verbose_name=_("环节"), on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("暂停原因"), max_length=24, choices=PauseReason.choices)
    detail = models.CharField(_("具体说明"), max_length=300)
    needs_visit = models.BooleanField(_("需客户到厅"), default=False,
                                      help_text=_("客户须亲自到营业厅或现场才能解决(计入客户跑动次数)。"))
    started_at = models.DateTimeField(_("暂停时间"))
    ended_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("暂停人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("恢复人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    scope_path = "stage__application__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("环节暂停")
        verbose_name_plural = _("环节暂停")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["stage"], condition=Q(ended_at__isnull=True), name="one_open_pause"),
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                                   name="pause_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.get_reason_display()}"

    @property
    def span(self):
        return self.started_at, self.ended_at


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, verbose_name=_("申请"), on_delete=models.CASCADE,
                                    related_name="documents")
    requirement = models.ForeignKey(RequiredDocument, verbose_name=_("对应清单项"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("文件"), upload_to=GeneratedPath("connections/"), db_index=True)
    name = models.CharField(_("名称"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    scope_path = "application__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报装资料")
        verbose_name_plural = _("报装资料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class CustomerVisit(models.Model):
    """A time the customer had to come in person (the "getting electricity" visit count)."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), on_delete=models.CASCADE,
                                    related_name="visits")
    at = models.DateTimeField(_("时间"))
    purpose = models.CharField(_("事由"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    scope_path = "application__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("客户跑动")
        verbose_name_plural = _("客户跑动")
        ordering = ["at", "id"]


class DesignationScope(models.TextChoices):
    """The three things a utility must not designate for a customer's own works (三指定)."""

    DESIGN = "design", _("设计单位")
    CONSTRUCTION = "construction", _("施工单位")
    EQUIPMENT = "equipment", _("设备材料供应单位")


class DesignationRecord(models.Model):
    """The customer's own choice for one of the 三指定 scopes. `chosen_party` is typed by the customer's side:
    the system never lists or recommends contractors. A recorded staff recommendation, or a choice that was
    not free, is flagged for the auditors."""

    application = models.ForeignKey(Application, verbose_name=_("申请"), on_delete=models.CASCADE,
                                    related_name="designations")
    scope = models.CharField(_("事项"), max_length=16, choices=DesignationScope.choices)
    chosen_freely = models.BooleanField(_("客户自主选择"))
    chosen_party = models.CharField(_("客户选定的单位(客户填写)"), max_length=200)
    staff_recommended = models.BooleanField(_("工作人员有推荐或指定"), default=False)
    recommendation_detail = models.TextField(_("推荐或指定情况"), blank=True)
    declared_by = models.CharField(_("客户确认人"), max_length=100)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    is_flagged = models.BooleanField(_("违规疑点"), default=False, db_index=True, editable=False)
    reviewed_at = models.DateTimeField(_("稽核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("稽核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(_("稽核意见"), blank=True)

    scope_path = "application__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("三指定核查记录")
        verbose_name_plural = _("三指定核查记录")
        ordering = ["application", "scope"]
        constraints = [models.UniqueConstraint(fields=["application", "scope"], name="one_designation_per_scope")]

    def __str__(self) -> str:
        return f"{self.application.number} · {self.get_scope_display()}"


class InvestmentRule(models.Model):
    """Policy data: up to which capacity the utility invests in all works up to the meter (零投资) for a class.
    Empty `zero_investment_max_kva`: the class has no zero-investment rule (high voltage)."""

    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices, unique=True)
    zero_investment_max_kva = models.DecimalField(_("零投资容量上限(kVA)"), max_digits=9, decimal_places=1, null=True,
                                                  blank=True)
    source = models.CharField(_("依据"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("业扩投资界面规则")
        verbose_name_plural = _("业扩投资界面规则")
        ordering = ["customer_class"]

    def __str__(self) -> str:
        return f"{self.get_customer_class_display()} ≤ {self.zero_investment_max_kva or '—'} kVA"


class BoundaryPoint(models.TextChoices):
    METER = "meter", _("计量装置(电能表)处")
    PREMISES = "premises", _("客户用地红线处")
    CUSTOMER_SUBSTATION = "customer_substation", _("客户受电设施进线处")
    OTHER = "other", _("其他")


class WorkSide(models.TextChoices):
    UTILITY = "utility", _("产权分界点电源侧")
    CUSTOMER = "customer", _("产权分界点客户侧")


class Payer(models.TextChoices):
    UTILITY = "utility", _("供电企业")
    CUSTOMER = "customer", _("客户")


class InvestmentBoundary(models.Model):
    """业扩投资界面: where the property (and investment) boundary of an application lies and who pays for which
    works. Flagged, like a 三指定 record, when the customer pays for works on the utility's side of the boundary,
    or when a zero-investment application's boundary is not at the meter."""

    application = models.OneToOneField(Application, verbose_name=_("申请"), on_delete=models.CASCADE,
                                       related_name="investment_boundary")
    boundary_point = models.CharField(_("产权分界点"), max_length=20, choices=BoundaryPoint.choices)
    description = models.CharField(_("分界点说明"), max_length=300, blank=True)
    zero_investment = models.BooleanField(_("适用零投资"), default=False, editable=False)
    is_flagged = models.BooleanField(_("违规疑点"), default=False, db_index=True, editable=False)
    flag_reason = models.CharField(_("疑点说明"), max_length=300, blank=True, editable=False)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    scope_path = "application__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("业扩投资界面")
        verbose_name_plural = _("业扩投资界面")

    def __str__(self) -> str:
        return f"{self.application.number} · {self.get_boundary_point_display()}"


class BoundaryWork(models.Model):
    boundary = models.ForeignKey(InvestmentBoundary, on_delete=models.CASCADE, related_name="works")
    description = models.CharField(_("工程内容"), max_length=200)
    side = models.CharField(_("位置"), max_length=10, choices=WorkSide.choices)
    payer = models.CharField(_("出资方"), max_length=10, choices=Payer.choices)

    scope_path = "boundary__application__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("投资界面工程")
        verbose_name_plural = _("投资界面工程")
        ordering = ["id"]


class ApplicationEvent(Event):
    """The application's timeline: stage moves, pauses, documents, 三指定 records."""

    class Kind(models.TextChoices):
        STATUS = "status", _("状态变更")
        ASSIGN = "assign", _("指派处理人")
        PAUSE = "pause", _("暂停")
        RESUME = "resume", _("恢复")
        DOCUMENT = "document", _("上传资料")
        VISIT = "visit", _("客户到厅")
        DESIGNATION = "designation", _("三指定登记")
        REVIEW = "review", _("三指定稽核")
        BOUNDARY = "boundary", _("投资界面登记")

    application = models.ForeignKey(Application, verbose_name=_("申请"), on_delete=models.CASCADE,
                                    related_name="events")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.STATUS)

    scope_path = "application__station"
    objects = ScopedManager()

    class Meta(Event.Meta):
        verbose_name = _("业扩事件")
        verbose_name_plural = _("业扩事件")
