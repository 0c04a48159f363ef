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
    code = models.CharField(_("線路編號"), max_length=32, unique=True)
    name = models.CharField(_("線路名稱"), max_length=100)
    station = models.ForeignKey(Unit, verbose_name=_("供電所"), on_delete=models.PROTECT, related_name="feeders",
                                limit_choices_to={"kind": UnitKind.STATION})
    voltage_kv = models.DecimalField(_("電壓等級(kV)"), max_digits=5, decimal_places=1, default=10)

    scope_path = "station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("饋線")
        verbose_name_plural = _("饋線")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class Transformer(Located):
    code = models.CharField(_("台區編號"), max_length=32, unique=True)
    name = models.CharField(_("台區名稱"), max_length=100)
    feeder = models.ForeignKey(Feeder, verbose_name=_("饋線"), on_delete=models.PROTECT,
                               related_name="transformers")
    capacity_kva = models.PositiveIntegerField(_("容量(kVA)"), default=400)

    scope_path = "feeder__station"
    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("配電變壓器")
        verbose_name_plural = _("配電變壓器")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"
