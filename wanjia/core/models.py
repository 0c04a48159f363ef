from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def english(verbose_name, max_length: int | None = None):
    """The optional English of a Chinese data field (`name_en` beside `name`): what English pages show, through
    `wanjia.core.text.in_language`; left blank, they show the Chinese."""
    help_text = _("英文页面显示;留空则显示中文。")
    if max_length is None:
        return models.TextField(verbose_name, blank=True, help_text=help_text)
    return models.CharField(verbose_name, max_length=max_length, blank=True, help_text=help_text)


class Located(models.Model):
    """A point on the map (WGS-84 degrees). Both or neither coordinate must be given."""

    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def location_errors(self) -> dict:
        if (self.latitude is None) != (self.longitude is None):
            return {"latitude": _("纬度和经度必须同时填写。")}
        if self.latitude is not None and not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            return {"latitude": _("坐标超出范围。")}
        return {}

    def clean(self):
        if errors := self.location_errors():
            raise ValidationError(errors)


class HolidayNotice(models.Model):
    """The State Council's holiday notice for one year (国务院办公厅关于某年部分节假日安排的通知), entered when it
    is published before the packaged calendar covers that year. Its days are CalendarOverride rows; with it
    the year's deadlines stop being provisional."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    document = models.CharField(_("文号"), max_length=100, help_text=_("例如:国办发明电〔2026〕7号"))
    published_on = models.DateField(_("发布日期"))
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("网址或刊物"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度放假通知")
        verbose_name_plural = _("年度放假通知")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} · {self.document}"


class CalendarOverride(models.Model):
    """A day whose working status differs from the packaged official calendar (or that it does not cover)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True,
                            help_text=_("例如:国务院办公厅通知文号"))
    notice = models.ForeignKey(HolidayNotice, verbose_name=_("放假通知"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="days")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_working_day else '休息'}"


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` on an intake request and the answer it got, so a retry gets the same
    answer instead of a second record."""

    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=100)
    # Whose key it is: "user:<id>" for an authenticated client, "anon:<ip>" for the public portal.
    client = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["endpoint", "client", "key"], name="idempotency_unique")]


class Event(models.Model):
    """Base of every domain record's append-only timeline: who moved it, from which status to which, when,
    and why. The timeline on each page, the time-limit clocks and the KPIs read these rows."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), db_index=True)
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    # The owning record's status choices, so a timeline can show labels instead of codes.
    status_choices: type[models.TextChoices] | None = None

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def status_label(self, status: str) -> str:
        choices = type(self).status_choices
        return choices(status).label if choices and status in choices.values else status

    @property
    def from_label(self) -> str:
        return self.status_label(self.from_status) if self.from_status else "—"

    @property
    def to_label(self) -> str:
        return self.status_label(self.to_status)
