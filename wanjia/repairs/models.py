"""Fault repair: orders and their timeline, crews, outages (unplanned and planned) and the reliability
standards the indices are computed under. Limits and categories are data (migrations 0002), not constants."""
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.deadlines import Assessed, Assessment
from wanjia.core.files import GeneratedPath
from wanjia.core.models import Event, Located, english
from wanjia.core.text import label
from wanjia.customers.models import Customer
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import Unit, UnitKind
from wanjia.org.scoping import ScopedManager


class Channel(models.TextChoices):
    PHONE_95598 = "phone_95598", _("95598电话")
    COUNTER = "counter", _("营业厅窗口")
    WEB = "web", _("网站")
    MOBILE = "mobile", _("手机页面")
    API = "api", _("接口")
    OPEN311 = "open311", _("Open311")


class Urgency(models.IntegerChoices):
    """Lower comes first on the board."""

    DANGER = 1, _("危及人身安全")
    PROTECTED_LOAD = 2, _("重要客户")
    NORMAL = 3, _("一般")


class FaultCategory(models.Model):
    """A kind of fault a caller reports; also the Open311 service list (service_code = code)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = english(_("英文名称"), 50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True, help_text=_("以逗号分隔"))
    urgency = models.PositiveSmallIntegerField(_("默认紧急程度"), choices=Urgency.choices, default=Urgency.NORMAL)
    groups_into_outage = models.BooleanField(
        _("计入停电事件"), default=False, help_text=_("同一台区/馈线的此类报修合并为一次停电事件。"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("故障类别")
        verbose_name_plural = _("故障类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return label(self)


class Crew(models.Model):
    """A repair crew of a supply station; members are users holding the crew role."""

    name = models.CharField(_("班组名称"), max_length=50)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.PROTECT, related_name="crews",
                                limit_choices_to={"kind": UnitKind.STATION})
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("成员"), blank=True,
                                     related_name="crews")
    phone = models.CharField(_("值班电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    scope_path = "station"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抢修班组")
        verbose_name_plural = _("抢修班组")
        ordering = ["station__path", "name"]
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="crew_name_per_station")]

    def __str__(self) -> str:
        return f"{self.station.name} · {self.name}"

    def clean(self):
        if self.station_id and self.station.kind != UnitKind.STATION:
            raise ValidationError({"station": _("班组必须属于供电所。")})


class OrderCounter(models.Model):
    """The last sequence number issued per unit and day; incremented with one locked UPDATE so concurrent
    intakes never share a number."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    last = models.PositiveIntegerField(default=0)

    audit_exempt = True  # a technical sequence; the orders it numbers keep history

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="order_counter_unique")]


class OrderStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    DISPATCHED = "dispatched", _("已派工")
    ON_THE_WAY = "on_the_way", _("在途")
    ARRIVED = "arrived", _("已到达")
    RESTORED = "restored", _("已复电")
    CALLBACK_DONE = "callback_done", _("已回访")
    CLOSED = "closed", _("已归档")
    CANCELLED = "cancelled", _("已撤销")
    DUPLICATE = "duplicate", _("重复报修")
    CUSTOMER_SIDE = "customer_side", _("客户内部故障")
    PLANNED_OUTAGE = "planned_outage", _("计划停电已答复")


OPEN_STATUSES = (OrderStatus.RECEIVED, OrderStatus.DISPATCHED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED)
NOT_ARRIVED_STATUSES = (OrderStatus.RECEIVED, OrderStatus.DISPATCHED, OrderStatus.ON_THE_WAY)
EXIT_STATUSES = (OrderStatus.CANCELLED, OrderStatus.DUPLICATE, OrderStatus.CUSTOMER_SIDE, OrderStatus.PLANNED_OUTAGE)


class Outage(models.Model):
    """An interruption of supply on a device: a whole feeder (no transformers listed) or some transformers on
    it. Every customer downstream is affected, whether they called or not."""

    class Kind(models.TextChoices):
        UNPLANNED = "unplanned", _("故障停电")
        PLANNED = "planned", _("计划停电")

    class Cause(models.TextChoices):
        EQUIPMENT = "equipment", _("设备故障")
        WEATHER = "weather", _("自然因素")
        EXTERNAL = "external", _("外部影响")
        SUPPLY_SHORTAGE = "supply_shortage", _("系统电源不足限电")
        MAINTENANCE = "maintenance", _("计划检修")
        UNKNOWN = "unknown", _("待查")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.UNPLANNED, db_index=True)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.PROTECT, related_name="outages",
                                limit_choices_to={"kind": UnitKind.STATION})
    feeder = models.ForeignKey(Feeder, verbose_name=_("馈线"), on_delete=models.PROTECT, related_name="outages")
    transformers = models.ManyToManyField(Transformer, verbose_name=_("台区"), blank=True, related_name="outages",
                                          help_text=_("不选表示整条馈线停电。"))
    started_at = models.DateTimeField(_("停电开始"), db_index=True)
    expected_restoration_at = models.DateTimeField(_("预计复电"), null=True, blank=True)
    restored_at = models.DateTimeField(_("复电时间"), null=True, blank=True)
    notice_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    cause = models.CharField(_("原因分类"), max_length=20, choices=Cause.choices, default=Cause.UNKNOWN)
    cause_detail = models.CharField(_("原因说明"), max_length=200, blank=True)
    area_description = models.CharField(_("停电范围"), max_length=300, blank=True)
    customers_affected = models.PositiveIntegerField(_("影响客户数"), default=0)
    # Set from the timestamps on save (null while the outage lasts): the indices sum it in SQL.
    duration_minutes = models.FloatField(_("停电时长(分钟)"), null=True, blank=True, editable=False)
    is_cancelled = models.BooleanField(_("已取消"), default=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope_path = "station"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("停电事件")
        verbose_name_plural = _("停电事件")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["station", "started_at"], name="outage_station_start_idx")]
        constraints = [models.CheckConstraint(
            condition=Q(restored_at__isnull=True) | Q(restored_at__gte=models.F("started_at")),
            name="outage_restored_after_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.feeder.code} {self.started_at:%Y-%m-%d %H:%M}"

    def clean(self):
        if self.restored_at and self.started_at and self.restored_at < self.started_at:
            raise ValidationError({"restored_at": _("复电时间不能早于停电开始时间。")})
        if self.expected_restoration_at and self.started_at and self.expected_restoration_at < self.started_at:
            raise ValidationError({"expected_restoration_at": _("预计复电时间不能早于停电开始时间。")})
        if self.feeder_id and self.station_id and self.feeder.station_id != self.station_id:
            raise ValidationError({"feeder": _("馈线不属于所选供电所。")})

    def save(self, *args, **kwargs):
        if self.feeder_id and not self.station_id:
            self.station_id = self.feeder.station_id
        self.duration_minutes = ((self.restored_at - self.started_at).total_seconds() / 60
                                 if self.restored_at else None)
        super().save(*args, **kwargs)

    @property
    def is_feeder_level(self) -> bool:
        return not self.transformers.exists()

    def downstream_customers(self):
        """Every customer below the outage's devices."""
        transformer_ids = list(self.transformers.values_list("id", flat=True))
        if transformer_ids:
            return Customer.objects.filter(transformer_id__in=transformer_ids)
        return Customer.objects.filter(feeder_id=self.feeder_id)


class RepairOrder(Assessed):
    number = models.CharField(_("工单号"), max_length=40, unique=True)
    channel = models.CharField(_("报修渠道"), max_length=16, choices=Channel.choices)
    caller_name = models.CharField(_("报修人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    customer = models.ForeignKey(Customer, verbose_name=_("客户"), on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="repair_orders")
    address = models.CharField(_("故障地址"), max_length=200, blank=True)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)
    description = models.TextField(_("故障描述"))
    category = models.ForeignKey(FaultCategory, verbose_name=_("故障类别"), on_delete=models.PROTECT,
                                 related_name="orders")
    urgency = models.PositiveSmallIntegerField(_("紧急程度"), choices=Urgency.choices, default=Urgency.NORMAL,
                                               db_index=True)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.PROTECT, related_name="repair_orders",
                                limit_choices_to={"kind": UnitKind.STATION})
    crew = models.ForeignKey(Crew, verbose_name=_("抢修班组"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="orders")
    # An Open311 report whose address matched no place: filed on the client's triage station until a dispatcher
    # places it (services.order_move_station).
    needs_placing = models.BooleanField(_("待定位"), default=False, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.RECEIVED,
                              db_index=True, editable=False)
    # The limits in force when the order was received (the policy may change later).
    policy_set = models.ForeignKey("commitments.PolicySet", verbose_name=_("服务承诺策略"), on_delete=models.PROTECT,
                                   related_name="+")
    area_type = models.CharField(_("区域类型"), max_length=8)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    arrival_due = models.DateTimeField(_("到达时限"))
    restoration_minutes = models.PositiveIntegerField(_("复电目标(分钟,自到达起)"))
    restoration_due = models.DateTimeField(_("复电时限"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("派工时间"), null=True, blank=True)
    on_the_way_at = models.DateTimeField(_("出发时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    restored_at = models.DateTimeField(_("复电时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The green channel (绿色通道) the customer was in at receipt, and its internal targets from the order's
    # policy set: stricter than the limits above, which stay in force and are assessed as before.
    green_channel = models.ForeignKey("customers.GreenChannelKind", verbose_name=_("绿色通道"), on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    target_arrival_due = models.DateTimeField(_("到达目标(绿色通道)"), null=True, blank=True)
    target_restoration_minutes = models.PositiveIntegerField(_("复电目标(绿色通道,分钟)"), null=True, blank=True)
    target_restoration_due = models.DateTimeField(_("复电目标时间(绿色通道)"), null=True, blank=True)
    # The days this order counts in the on-time arrival and restoration rates (core.deadlines), and in the
    # green channel's rates against its targets.
    arrival_assessed_on = models.DateField(_("到达考核日"), null=True, blank=True, db_index=True, editable=False)
    restoration_assessed_on = models.DateField(_("复电考核日"), null=True, blank=True, db_index=True, editable=False)
    target_arrival_assessed_on = models.DateField(_("到达目标考核日"), null=True, blank=True, db_index=True,
                                                  editable=False)
    target_restoration_assessed_on = models.DateField(_("复电目标考核日"), null=True, blank=True, db_index=True,
                                                      editable=False)
    assessments = (Assessment("arrival_assessed_on", due="arrival_due", done="arrived_at"),
                   Assessment("restoration_assessed_on", due="restoration_due", done="restored_at"),
                   Assessment("target_arrival_assessed_on", due="target_arrival_due", done="arrived_at"),
                   Assessment("target_restoration_assessed_on", due="target_restoration_due", done="restored_at"))
    outage = models.ForeignKey(Outage, verbose_name=_("停电事件"), on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="orders")
    duplicate_of = models.ForeignKey("self", verbose_name=_("重复于"), on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="duplicates")
    delay_reason = models.CharField(_("超时原因"), max_length=300, blank=True,
                                    help_text=_("天气、交通等原因无法按时到达时,向客户作出的说明。"))
    resolution = models.TextField(_("处理结果"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    TRANSITIONS = {
        OrderStatus.RECEIVED: {OrderStatus.DISPATCHED, OrderStatus.CANCELLED, OrderStatus.DUPLICATE,
                               OrderStatus.CUSTOMER_SIDE, OrderStatus.PLANNED_OUTAGE},
        # dispatched → dispatched is a reassignment to another crew (recorded like any move).
        OrderStatus.DISPATCHED: {OrderStatus.DISPATCHED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED,
                                 OrderStatus.CANCELLED, OrderStatus.DUPLICATE, OrderStatus.CUSTOMER_SIDE},
        OrderStatus.ON_THE_WAY: {OrderStatus.DISPATCHED, OrderStatus.ARRIVED, OrderStatus.CANCELLED},
        OrderStatus.ARRIVED: {OrderStatus.RESTORED, OrderStatus.CUSTOMER_SIDE},
        OrderStatus.RESTORED: {OrderStatus.CALLBACK_DONE},
        OrderStatus.CALLBACK_DONE: {OrderStatus.CLOSED},
    }

    scope_path = "station"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抢修工单")
        verbose_name_plural = _("抢修工单")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["station", "received_at"], name="order_station_received_idx"),
                   models.Index(fields=["status", "urgency", "arrival_due"], name="order_board_idx"),
                   # A station's KPI figures read the part months of a period from its orders by these days
                   # (stations keep no daily summary rows: kpi.models).
                   models.Index(fields=["station", "arrival_assessed_on"], name="order_station_arrival_idx"),
                   models.Index(fields=["station", "restoration_assessed_on"], name="order_station_restored_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RepairOrderEvent(Event):
    order = models.ForeignKey(RepairOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="events")

    scope_path = "order__station"
    objects = ScopedManager()

    class Meta(Event.Meta):
        verbose_name = _("工单记录")
        verbose_name_plural = _("工单记录")


class RepairPhoto(models.Model):
    order = models.ForeignKey(RepairOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to=GeneratedPath("repairs/"), db_index=True)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_path = "order__station"
    objects = ScopedManager()

    audit_exempt = True  # photos are added, never edited; the order's events record them

    class Meta:
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")
        ordering = ["uploaded_at"]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Callback(models.Model):
    """The call back to the customer after restoration (回访)."""

    order = models.OneToOneField(RepairOrder, verbose_name=_("工单"), on_delete=models.CASCADE,
                                 related_name="callback")
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(_("客户意见"), blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回访人"), on_delete=models.PROTECT,
                                  null=True, related_name="+")
    called_at = models.DateTimeField(_("回访时间"))

    scope_path = "order__station"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")


class FollowUp(models.Model):
    """Opened by a dissatisfied callback; a manager must close it before the order can be archived."""

    callback = models.OneToOneField(Callback, verbose_name=_("回访"), on_delete=models.CASCADE,
                                    related_name="follow_up")
    opened_at = models.DateTimeField(_("发起时间"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("关闭人"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    resolution = models.TextField(_("整改情况"), blank=True)

    scope_path = "callback__order__station"
    objects = ScopedManager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("不满意跟进")
        verbose_name_plural = _("不满意跟进")
        ordering = ["-opened_at"]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ReliabilityStandard(models.Model):
    """The rule set an index is computed under: chiefly where momentary ends and sustained begins
    (IEEE 1366-2012: longer than 5 minutes; DL/T 836.1-2016: longer than 3 minutes)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = english(_("英文名称"), 100)
    momentary_max_minutes = models.FloatField(
        _("短时停电上限(分钟)"), validators=[MinValueValidator(0)],
        help_text=_("不超过此时长的停电计为短时停电,不计入持续停电指标。"))
    med_beta_multiplier = models.FloatField(_("重大事件日 β 倍数"), default=2.5,
                                            help_text=_("IEEE 1366 的 2.5β 法:T_MED = exp(α + 2.5β)。"))
    med_history_years = models.PositiveSmallIntegerField(_("重大事件日统计年数"), default=5)
    source = models.TextField(_("依据"))
    is_default = models.BooleanField(_("默认"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("可靠性统计口径")
        verbose_name_plural = _("可靠性统计口径")
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                               name="one_default_reliability_standard")]

    def __str__(self) -> str:
        return label(self)


class RepairConfig(models.Model):
    """Settings of the repair desk an administrator may change (one row)."""

    outage_window_minutes = models.PositiveIntegerField(
        _("停电合并时间窗(分钟)"), default=30,
        help_text=_("同一馈线上不同台区在此时间内的报修,提升为馈线停电。"))
    source = models.TextField(_("依据"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("抢修参数")
        verbose_name_plural = _("抢修参数")

    @classmethod
    def current(cls) -> "RepairConfig":
        return cls.objects.order_by("pk").first() or cls()


def new_api_key() -> str:
    return secrets.token_urlsafe(32)


class Open311Client(models.Model):
    """An Open311 client allowed to file requests (GeoReport v2 `api_key`): what it may list (its unit's
    requests), where it files reports it cannot place, and how fast it may file."""

    name = models.CharField(_("名称"), max_length=100)
    api_key = models.CharField(_("API 密钥"), max_length=64, unique=True, default=new_api_key)
    unit = models.ForeignKey(Unit, verbose_name=_("服务单位"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", help_text=_("只能查询本单位及下属单位的报修;地名按本单位匹配。空表示全省。"))
    triage_station = models.ForeignKey(
        Unit, verbose_name=_("待定位队列"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": UnitKind.STATION},
        help_text=_("只有地址、且地址中找不到已知地名的报修进入此供电所,由调度员核实位置。空则拒收这类报修。"))
    rate = models.CharField(_("提交频率上限"), max_length=16, default="60/h",
                            help_text=_("每个时段最多提交的报修数,如 60/h(s 秒、m 分、h 时、d 天)。"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("建立时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Open311 客户端")
        verbose_name_plural = _("Open311 客户端")

    def __str__(self) -> str:
        return self.name


class PlaceKind(models.TextChoices):
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")
    # A whole town or street office: matches addresses for Open311, but the public picks villages and communities.
    TOWN = "town", _("乡镇/街道")


# What a member of the public picks and reads in outage notices.
PUBLIC_PLACE_KINDS = (PlaceKind.VILLAGE, PlaceKind.COMMUNITY)


class PlaceName(Located):
    """A village or community (or a whole town) and the station serving it: places an Open311 report that
    gives only an address (`address_string`) or a place id (`address_id` = this row's code), is what the
    public picks on the portal, and names the places an outage reaches through the transformers feeding it."""

    name = models.CharField(_("地名"), max_length=50, help_text=_("村、社区或小区名称,按出现在地址中的文字匹配"))
    code = models.SlugField(_("地址编码"), max_length=32, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=PlaceKind.choices, default=PlaceKind.VILLAGE)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.CASCADE, related_name="place_names",
                                limit_choices_to={"kind": UnitKind.STATION})
    transformers = models.ManyToManyField(
        Transformer, verbose_name=_("供电台区"), blank=True, related_name="places",
        help_text=_("为本村或社区供电的配电变压器:停电时据此列出受影响的村和社区。"))

    scope_path = "station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("地名")
        verbose_name_plural = _("地名")
        ordering = ["station__path", "name"]
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="repairs_place_name_unique")]

    def __str__(self) -> str:
        return self.name


class AttributeDatatype(models.TextChoices):
    """GeoReport v2 attribute datatypes."""

    STRING = "string", _("单行文字")
    NUMBER = "number", _("数字")
    DATETIME = "datetime", _("日期时间")
    TEXT = "text", _("多行文字")
    SINGLE = "singlevaluelist", _("单选")
    MULTI = "multivaluelist", _("多选")


class ServiceAttribute(models.Model):
    """A question an Open311 client asks the caller (GeoReport v2 service definition attribute), for one fault
    category or, with no category, for all of them. An answer key listed in `urgent_keys` makes the order
    urgent (someone may be in danger)."""

    category = models.ForeignKey(FaultCategory, verbose_name=_("故障类别"), on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="attributes", help_text=_("空表示所有类别"))
    code = models.SlugField(_("代码"), max_length=32)
    description = models.CharField(_("问题"), max_length=200)
    datatype = models.CharField(_("类型"), max_length=16, choices=AttributeDatatype.choices)
    datatype_description = models.CharField(_("填写说明"), max_length=200, blank=True)
    required = models.BooleanField(_("必答"), default=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    values = models.JSONField(_("选项"), default=list, blank=True,
                              help_text=_('单选或多选的选项,如 [{"key": "yes", "name": "是"}]'))
    urgent_keys = models.JSONField(_("紧急答案"), default=list, blank=True,
                                   help_text=_('选中即按“危及人身安全”处理的选项,如 ["yes"]'))
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报修问题")
        verbose_name_plural = _("报修问题")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="repairs_attribute_code_unique")]

    def __str__(self) -> str:
        return self.description

    def clean(self):
        is_list = self.datatype in (AttributeDatatype.SINGLE, AttributeDatatype.MULTI)
        keys = [v.get("key") for v in self.values if isinstance(v, dict)] if isinstance(self.values, list) else None
        if is_list and (not keys or len(keys) != len(self.values) or not all(keys)):
            raise ValidationError({"values": _("单选和多选必须列出选项,每项有 key 和 name。")})
        if set(self.urgent_keys or []) - set(keys or []):
            raise ValidationError({"urgent_keys": _("紧急答案必须是选项之一。")})

    def options(self) -> dict[str, str]:
        return {str(v["key"]): str(v.get("name", v["key"])) for v in self.values}
