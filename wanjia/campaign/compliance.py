"""Schedule compliance: units × requirements of a campaign, each cell met / due / overdue from the records
(forums held, activity days, walk-ins of a category, self-inspection findings, counter staff training
sessions, tasks), never stored. The
requirements and their windows are data (`Requirement`, per campaign)."""
import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wanjia.campaign.models import ActivityDay, Campaign, Requirement, RequirementKind, Task
from wanjia.org.models import Unit


class Status:
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    NONE = "none"  # not asked of this unit (another level, or no task due in the window)


LABELS = {Status.DONE: _("已完成"), Status.DUE: _("待完成"), Status.OVERDUE: _("逾期"), Status.NONE: "—"}


def records(requirement: Requirement, unit_path: str) -> QuerySet:
    """The records that meet (or, for tasks, make up) a requirement under the unit path, inside its window."""
    window = (requirement.start_date, requirement.end_date)
    kind = requirement.kind
    if kind == RequirementKind.FORUM:
        from wanjia.feedback.models import Forum

        return Forum.objects.filter(unit__path__startswith=unit_path, held=True, date__range=window)
    if kind == RequirementKind.ACTIVITY_DAY:
        return ActivityDay.objects.filter(unit__path__startswith=unit_path, date__range=window)
    if kind == RequirementKind.WALK_IN:
        from wanjia.outreach.models import Visit

        return Visit.objects.filter(unit__path__startswith=unit_path, category=requirement.category,
                                    date__range=window)
    if kind == RequirementKind.SELF_INSPECTION:
        from wanjia.outreach.models import Hazard

        return Hazard.objects.filter(unit__path__startswith=unit_path, is_self_inspection=True,
                                     found_on__range=window)
    if kind == RequirementKind.COUNTER_TRAINING:
        from wanjia.halls.models import TrainingSession

        return TrainingSession.objects.filter(unit__path__startswith=unit_path, date__range=window)
    return Task.objects.filter(phase__campaign=requirement.campaign_id, unit__path__startswith=unit_path,
                               due_date__range=window)


@dataclass
class Cell:
    requirement: Requirement
    status: str
    done: int = 0  # records found (tasks: tasks done)
    total: int = 0  # tasks due in the window (records: same as done)

    @property
    def label(self) -> str:
        return str(LABELS[self.status])


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]

    @property
    def overdue(self) -> int:
        return sum(c.status == Status.OVERDUE for c in self.cells)


def matrix_units(campaign: Campaign, unit: Unit, requirements: list[Requirement]) -> list[Unit]:
    """The units the matrix has rows for: those of the requirements' levels under both the viewing unit and
    the campaign's unit."""
    root = unit if unit.path.startswith(campaign.unit.path) else campaign.unit
    kinds = {r.unit_kind for r in requirements}
    return list(Unit.objects.filter(path__startswith=root.path, kind__in=kinds, is_active=True).order_by("path"))


def _owner_of(path: str, by_path: dict[str, Unit], depths: set[int], exact: bool = False) -> Unit | None:
    if exact:
        return by_path.get(path)
    for depth in depths:
        found = by_path.get(path[:depth * Unit.steplen])
        if found is not None:
            return found
    return None


def _counts(requirement: Requirement, root: str, units: list[Unit], today: dt.date) -> dict[int, tuple[int, int, int]]:
    """unit id → (done, total, late) for one requirement, in one query; late: tasks past due and not done."""
    by_path = {u.path: u for u in units if u.kind == requirement.unit_kind}
    depths = {u.depth for u in by_path.values()}
    out: dict[int, list[int]] = {}
    qs = records(requirement, root)
    if requirement.kind == RequirementKind.TASKS:
        rows = qs.values("unit__path").annotate(
            total=Count("id"), done=Count("id", filter=Q(done_at__isnull=False)),
            late=Count("id", filter=Q(done_at__isnull=True, due_date__lt=today)))
        for r in rows:
            owner = _owner_of(r["unit__path"], by_path, depths, requirement.own_unit_only)
            if owner is not None:
                acc = out.setdefault(owner.pk, [0, 0, 0])
                acc[0] += r["done"]
                acc[1] += r["total"]
                acc[2] += r["late"]
    else:
        for path, n in qs.values_list("unit__path").annotate(n=Count("id")):
            owner = _owner_of(path, by_path, depths, requirement.own_unit_only)
            if owner is not None:
                acc = out.setdefault(owner.pk, [0, 0, 0])
                acc[0] += n
                acc[1] += n
    return {k: tuple(v) for k, v in out.items()}


def _status(requirement: Requirement, unit: Unit, done: int, total: int, late: int, today: dt.date) -> str:
    if unit.kind != requirement.unit_kind:
        return Status.NONE
    if requirement.kind == RequirementKind.TASKS:
        if not total:
            return Status.NONE
        if done == total:
            return Status.DONE
        if late:  # a task past its own due date is overdue while the window is still open
            return Status.OVERDUE
    elif done:
        return Status.DONE
    return Status.OVERDUE if requirement.end_date < today else Status.DUE


def matrix(*, campaign: Campaign, unit: Unit, today: dt.date) -> dict:
    """{"requirements": [...], "rows": [Row], "totals": {requirement id: {status: n}}}. One query per
    requirement whatever the number of units (86 counties or one)."""
    requirements = list(campaign.requirements.all())
    units = matrix_units(campaign, unit, requirements)
    root = unit.path if unit.path.startswith(campaign.unit.path) else campaign.unit.path
    counts = {r.pk: _counts(r, root, units, today) for r in requirements}
    rows = []
    for u in units:
        cells = []
        for r in requirements:
            done, total, late = counts[r.pk].get(u.pk, (0, 0, 0))
            cells.append(Cell(r, _status(r, u, done, total, late, today), done, total))
        rows.append(Row(u, cells))
    totals = {r.pk: {s: sum(1 for row in rows if row.cells[i].status == s)
                     for s in (Status.DONE, Status.DUE, Status.OVERDUE)} for i, r in enumerate(requirements)}
    return {"requirements": requirements, "rows": rows, "totals": totals}


def drill_down(requirement: Requirement, unit: Unit) -> list[dict]:
    """The records behind one cell: date, what, unit, and where to see it."""
    qs = records(requirement, unit.path).select_related("unit")
    if requirement.own_unit_only:
        qs = qs.filter(unit=unit)
    kind = requirement.kind
    out = []
    for obj in qs.order_by("pk")[:500]:
        if kind == RequirementKind.FORUM:
            out.append({"date": obj.date, "text": obj.title, "unit": obj.unit, "link": reverse("feedback:forum", args=[obj.pk])})
        elif kind == RequirementKind.ACTIVITY_DAY:
            out.append({"date": obj.date, "text": obj.place, "unit": obj.unit,
                        "link": reverse("campaign:activity_day", args=[obj.pk])})
        elif kind == RequirementKind.WALK_IN:
            out.append({"date": obj.date, "text": obj.site, "unit": obj.unit, "link": reverse("outreach:visit", args=[obj.pk])})
        elif kind == RequirementKind.COUNTER_TRAINING:
            out.append({"date": obj.date, "text": obj.title, "unit": obj.unit,
                        "link": f"{reverse('halls:skills')}?unit={obj.unit.code}"})
        elif kind == RequirementKind.SELF_INSPECTION:
            out.append({"date": obj.found_on, "text": obj.description, "unit": obj.unit,
                        "link": reverse("outreach:hazard", args=[obj.pk])})
        else:
            out.append({"date": obj.due_date, "text": obj.title, "unit": obj.unit, "done": obj.done_at is not None,
                        "link": reverse("campaign:task", args=[obj.pk])})
    return out
