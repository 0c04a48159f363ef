"""The unit tree (provincial company → prefecture bureau → county enterprise → station / business hall),
its users and their roles. Scope (a user sees their unit and everything under it) lives in `scoping.py`."""
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from wanjia.core.models import Located
from wanjia.org.scoping import ScopedQuerySetMixin


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("省公司")
    PREFECTURE = "prefecture", _("地市供电局")
    COUNTY = "county", _("县级供电企业")
    STATION = "station", _("供电所")
    HALL = "hall", _("营业厅")


# Which kinds may sit under which: the organisation is a strict hierarchy.
ALLOWED_CHILD_KINDS = {
    UnitKind.PROVINCE: {UnitKind.PREFECTURE},
    UnitKind.PREFECTURE: {UnitKind.COUNTY, UnitKind.STATION, UnitKind.HALL},
    UnitKind.COUNTY: {UnitKind.STATION, UnitKind.HALL},
    UnitKind.STATION: {UnitKind.HALL},
    UnitKind.HALL: set(),
}


class AreaType(models.TextChoices):
    URBAN = "urban", _("城区")
    RURAL = "rural", _("农村")
    REMOTE = "remote", _("边远")


class UnitQuerySet(ScopedQuerySetMixin, MP_NodeQuerySet):
    pass


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def restrict(self, user, action: str = "view"):
        return self.get_queryset().restrict(user, action)


class Unit(MP_Node, Located):
    """A node of the organisation. `path` (materialised path) makes "this unit and all below" one query."""

    scope_path = ""  # the unit itself is the scope

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices, db_index=True)
    area_type = models.CharField(
        _("区域类型"), max_length=8, choices=AreaType.choices, blank=True,
        help_text=_("城区、农村或边远:决定抢修到达时限。供电所和营业厅必填。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    # Service area as a GeoJSON Polygon/MultiPolygon; the bounding box lets SQL narrow candidates first.
    boundary = models.JSONField(_("服务区域边界"), null=True, blank=True)
    min_latitude = models.FloatField(null=True, blank=True, editable=False)
    max_latitude = models.FloatField(null=True, blank=True, editable=False)
    min_longitude = models.FloatField(null=True, blank=True, editable=False)
    max_longitude = models.FloatField(null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)

    node_order_by = ["code"]
    objects = UnitManager()
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        indexes = [
            models.Index(fields=["min_latitude", "max_latitude", "min_longitude", "max_longitude"],
                         name="unit_bbox_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = self.location_errors()
        if self.kind in (UnitKind.STATION, UnitKind.HALL) and not self.area_type:
            errors["area_type"] = _("供电所和营业厅必须指定区域类型。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        from wanjia.org.geo import bounding_box

        box = bounding_box(self.boundary) if self.boundary else None
        self.min_latitude, self.max_latitude, self.min_longitude, self.max_longitude = box or (None,) * 4
        super().save(*args, **kwargs)

    @property
    def is_station(self) -> bool:
        return self.kind == UnitKind.STATION

    def subtree(self):
        """This unit and everything under it, as one queryset (one SQL query)."""
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors_nearest_first(self) -> list["Unit"]:
        """The units above this one, parent first (one query: ancestors' paths are prefixes of ours)."""
        step = self.steplen
        prefixes = [self.path[:i] for i in range(step, len(self.path), step)]
        return list(Unit.objects.filter(path__in=prefixes).order_by("-depth"))

    def contains(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)


class Role(models.Model):
    """A role a user can hold. The codes are fixed because code checks them; names are editable."""

    ADMIN = "admin"
    MANAGER = "manager"
    COUNTER = "counter"
    DISPATCHER = "dispatcher"
    CREW = "crew"
    BRANCH_SECRETARY = "branch_secretary"
    AUDITOR = "auditor"

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    read_only = models.BooleanField(_("只读"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class _JoinedCodes(models.Aggregate):
    """Codes joined by commas (codes are slugs: no comma inside one)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class User(AbstractUser):
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    roles = models.ManyToManyField(Role, verbose_name=_("角色"), blank=True, related_name="users")
    mobile = models.CharField(_("手机"), max_length=20, blank=True)

    objects = UserManager()
    scope_path = "unit"
    history = HistoricalRecords(m2m_fields=[roles], excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.name or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.roles.values_list("code", flat=True))

    @staticmethod
    def role_codes_of(user_ref: str) -> models.Subquery:
        """The role codes of the user `user_ref` points at (an outer query's field), joined by commas, as a
        subquery: a query loading a user (an API token's) brings their roles in the same statement."""
        holds = User.roles.through.objects.filter(user_id=models.OuterRef(user_ref)).order_by()
        return models.Subquery(holds.values("user_id").annotate(codes=_JoinedCodes("role__code")).values("codes"))

    def know_role_codes(self, joined: str | None) -> None:
        """Take the roles read with `role_codes_of` (no query of their own afterwards)."""
        self.__dict__["role_codes"] = frozenset(filter(None, (joined or "").split(",")))

    def has_role(self, *codes: str) -> bool:
        """True if the user holds any of `codes`. Superusers and administrators hold every role."""
        if self.is_superuser or Role.ADMIN in self.role_codes:
            return True
        return bool(self.role_codes.intersection(codes))

    @property
    def is_read_only(self) -> bool:
        return not self.is_superuser and self.role_codes == frozenset({Role.AUDITOR})
