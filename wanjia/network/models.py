"""The distribution network as far as service needs it: feeders (10 kV lines) out of a station's area and the
distribution transformers on them. Customers hang off a transformer (or a feeder, for high voltage), so an
outage on any device reaches every customer downstream of it."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wanjia.core.models import Located
from wanjia.org.models import Unit, UnitKind
from wanjia.org.scoping import ScopedManager


class Feeder(models.Model):
    code = models.CharField(_("线路编号"), max_length=32, unique=True)
    name = models.CharField(_("线路名称"), max_length=100)
    station = models.ForeignKey(Unit, verbose_name=_("供电所"), on_delete=models.PROTECT, related_name="feeders",
                                limit_choices_to={"kind": UnitKind.STATION})
    voltage_kv = models.DecimalField(_("电压等级(kV)"), max_digits=5, decimal_places=1, default=10)

    scope_path = "station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("馈线")
        verbose_name_plural = _("馈线")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class Transformer(Located):
    code = models.CharField(_("台区编号"), max_length=32, unique=True)
    name = models.CharField(_("台区名称"), max_length=100)
    feeder = models.ForeignKey(Feeder, verbose_name=_("馈线"), on_delete=models.PROTECT,
                               related_name="transformers")
    capacity_kva = models.PositiveIntegerField(_("容量(kVA)"), default=400)

    scope_path = "feeder__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("配电变压器")
        verbose_name_plural = _("配电变压器")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"
