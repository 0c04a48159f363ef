"""The five-in-place scorecard: each item of each unit in a month scored from data (an app's
`scorecard.SOURCES`, discovered over settings.DOMAIN_APPS like `wanjia tick` finds tick modules) where the
data exists, else from a recorded assessment; and the ranking of units with the evidence behind each score."""
import datetime as dt
from calendar import monthrange
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.utils.translation import gettext as _

from wanjia.campaign.models import Assessment, ScorecardItem, month_start


@cache
def sources() -> dict:
    found = {}
    for app in settings.DOMAIN_APPS:
        name = f"wanjia.{app}.scorecard"
        try:
            spec = find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found.update(getattr(import_module(name), "SOURCES", {}))
    return found


def month_range(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month_start(month)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def source_rate(code: str, unit, start: dt.date, end: dt.date) -> float | None:
    func = sources().get(code) if code else None
    if func is None:
        return None
    rate = func(unit, start, end)
    return None if rate is None else max(0.0, min(1.0, float(rate)))


@dataclass
class ItemScore:
    item: ScorecardItem
    score: float | None
    basis: str  # "data", "assessment" or "none"
    evidence: str
    rate: float | None = None


@dataclass
class UnitCard:
    unit: object
    scores: list[ItemScore] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(s.score or 0 for s in self.scores), 1)

    @property
    def max_total(self) -> int:
        return sum(s.item.max_points for s in self.scores)


def unit_card(unit, month: dt.date, items=None, assessments=None, period=None) -> UnitCard:
    """Scores over `month`, or over `period` (start, end) with the assessments of `month`."""
    start, end = period or month_range(month)
    items = items if items is not None else list(ScorecardItem.objects.all())
    if assessments is None:
        assessments = {a.item_id: a for a in Assessment.objects.filter(unit=unit, month=month_start(month))
                       .select_related("assessor")}
    card = UnitCard(unit)
    for item in items:
        rate = source_rate(item.source_code, unit, start, end)
        if rate is not None:
            card.scores.append(ItemScore(item, round(rate * item.max_points, 1), "data", _(
                "数据:%(rate).1f%%(%(s)s 至 %(e)s)") % {"rate": rate * 100, "s": start, "e": end}, rate))
            continue
        assessment = assessments.get(item.pk)
        if assessment is not None:
            card.scores.append(ItemScore(item, float(assessment.score), "assessment", _(
                "评分:%(ev)s(%(who)s)") % {"ev": assessment.evidence, "who": assessment.assessor}))
        else:
            card.scores.append(ItemScore(item, None, "none", _("无数据,未评分")))
    return card


def ranking(units, month: dt.date, period=None) -> list[UnitCard]:
    """Units sorted by total score, best first (over `month`, or over `period` as in `unit_card`)."""
    items = list(ScorecardItem.objects.all())
    units = list(units)
    by_unit: dict[int, dict] = {}
    for a in Assessment.objects.filter(unit__in=units, month=month_start(month)).select_related("assessor"):
        by_unit.setdefault(a.unit_id, {})[a.item_id] = a
    cards = [unit_card(u, month, items, by_unit.get(u.pk, {}), period) for u in units]
    return sorted(cards, key=lambda c: (-c.total, c.unit.path))
