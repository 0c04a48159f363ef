"""Reads about halls: scoped lists, and the counter-service figures per hall and per clerk.

Satisfaction rate = (very satisfied + satisfied) / evaluated visits; visits nobody rated are not in the
denominator (they are shown as the evaluation rate instead)."""
import datetime as dt
from calendar import monthrange
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.halls.models import (SATISFIED_RATINGS, BusinessHall, DissatisfactionReason, Facility, FacilityCheck,
                                 Practice, Rating, SkillCheck, SkillItem, TrainingAttendance, Visit, Weekday)
from wanjia.org.models import Role, Unit, User


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in local time: `end` is inclusive, as a user reads a date range."""
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz))


def hall_list(*, user) -> QuerySet[BusinessHall]:
    return BusinessHall.objects.restrict(user).select_related("unit")


def visits_in(*, unit: Unit | None = None, start: dt.date, end: dt.date, base: QuerySet | None = None) -> QuerySet:
    lo, hi = period_bounds(start, end)
    qs = (base if base is not None else Visit.objects.all()).filter(served_at__gte=lo, served_at__lt=hi)
    return qs.filter(hall__unit__path__startswith=unit.path) if unit is not None else qs


@dataclass
class Figures:
    key: object
    label: str
    visits: int = 0
    evaluated: int = 0
    very_satisfied: int = 0
    satisfied: int = 0
    dissatisfied: int = 0
    practices: dict = field(default_factory=dict)  # practice code -> visits with it applied
    halls: int | None = None  # halls summed in a unit's row (`level_figures`)

    @property
    def satisfaction_rate(self) -> float | None:
        return (self.very_satisfied + self.satisfied) / self.evaluated if self.evaluated else None

    @property
    def evaluation_rate(self) -> float | None:
        return self.evaluated / self.visits if self.visits else None


def _figures(visits: QuerySet, group_by: str) -> dict:
    counts = visits.values(group_by).annotate(
        n=Count("id", distinct=True),
        evaluated=Count("evaluation", distinct=True),
        very=Count("evaluation", filter=Q(evaluation__rating=Rating.VERY_SATISFIED), distinct=True),
        ok=Count("evaluation", filter=Q(evaluation__rating=Rating.SATISFIED), distinct=True),
        bad=Count("evaluation", filter=Q(evaluation__rating=Rating.DISSATISFIED), distinct=True),
    )
    rows = {c[group_by]: c for c in counts}
    practices = {}
    for row in visits.filter(practices__isnull=False).values(group_by, "practices__code").annotate(n=Count("id")):
        practices.setdefault(row[group_by], {})[row["practices__code"]] = row["n"]
    return {key: (c, practices.get(key, {})) for key, c in rows.items()}


def hall_figures(*, user, start: dt.date, end: dt.date, hall: BusinessHall | None = None,
                 unit: Unit | None = None) -> list[Figures]:
    """One row per hall profile in the user's scope (or just `hall`, or those under `unit`), halls without
    visits included."""
    halls = hall_list(user=user).filter(pk=hall.pk) if hall else hall_list(user=user)
    base = Visit.objects.restrict(user)
    if hall is not None:
        base = base.filter(hall=hall)
    if unit is not None:
        halls, base = halls.filter(unit__path__startswith=unit.path), base.filter(hall__unit__path__startswith=unit.path)
    data = _figures(visits_in(start=start, end=end, base=base), "hall_id")
    return [_fill(Figures(h, h.unit.name), *data.get(h.pk, ({}, {}))) for h in halls]


def level_figures(*, user, unit: Unit, start: dt.date, end: dt.date) -> list[Figures]:
    """One row per unit directly under `unit` that has halls in the user's scope (a hall itself, or a unit
    above halls, whose row sums its halls), best satisfaction first, rows nobody rated last. Four queries
    through the materialised path, whatever the tree's size: the halls, those units, and the grouped visits."""
    prefix = (unit.depth + 1) * Unit.steplen
    halls_below: dict[str, int] = {}
    for path in hall_list(user=user).filter(unit__path__startswith=unit.path, unit__depth__gt=unit.depth).values_list(
            "unit__path", flat=True):
        halls_below[path[:prefix]] = halls_below.get(path[:prefix], 0) + 1
    base = Visit.objects.restrict(user).filter(hall__unit__path__startswith=unit.path)
    visits = visits_in(start=start, end=end, base=base).annotate(branch=Substr("hall__unit__path", 1, prefix))
    data = _figures(visits, "branch")
    rows = [_fill(Figures(u, u.name, halls=halls_below[u.path]), *data.get(u.path, ({}, {})))
            for u in Unit.objects.filter(path__in=halls_below).select_related("hall_profile")]
    return sorted(rows, key=lambda f: (f.satisfaction_rate is None, -(f.satisfaction_rate or 0), -f.evaluated,
                                       f.key.path))


def staff_figures(*, user, start: dt.date, end: dt.date, hall: BusinessHall | None = None,
                  unit: Unit | None = None) -> list[Figures]:
    base = Visit.objects.restrict(user).filter(staff__isnull=False)
    if hall is not None:
        base = base.filter(hall=hall)
    if unit is not None:
        base = base.filter(hall__unit__path__startswith=unit.path)
    data = _figures(visits_in(start=start, end=end, base=base), "staff_id")
    from wanjia.org.models import User

    staff = {u.pk: u for u in User.objects.filter(pk__in=data)}
    rows = [_fill(Figures(staff[pk], str(staff[pk])), *data[pk]) for pk in data]
    return sorted(rows, key=lambda f: (-f.visits, f.label))


def _fill(figures: Figures, counts: dict, practices: dict) -> Figures:
    figures.visits = counts.get("n", 0)
    figures.evaluated = counts.get("evaluated", 0)
    figures.very_satisfied = counts.get("very", 0)
    figures.satisfied = counts.get("ok", 0)
    figures.dissatisfied = counts.get("bad", 0)
    figures.practices = practices
    return figures


def dissatisfied_reasons(*, visits: QuerySet) -> list[DissatisfactionReason]:
    """Reasons named by dissatisfied customers on these visits (`.n` = how often), most frequent first."""
    return list(DissatisfactionReason.objects.filter(evaluations__visit__in=visits.values("pk"))
                .annotate(n=Count("evaluations")).order_by("-n", "order"))


def satisfaction_rate(*, unit: Unit, start: dt.date, end: dt.date) -> float | None:
    counts = visits_in(unit=unit, start=start, end=end).aggregate(
        evaluated=Count("evaluation"), good=Count("evaluation", filter=Q(evaluation__rating__in=SATISFIED_RATINGS)))
    return counts["good"] / counts["evaluated"] if counts["evaluated"] else None


def facilities_rate(*, unit: Unit, end: dt.date) -> float | None:
    """Share of (hall × active checklist item) found present in the latest check up to `end`; an item never
    checked counts as not in place."""
    halls = BusinessHall.objects.filter(unit__path__startswith=unit.path, unit__is_active=True)
    n_halls = halls.count()
    n_items = Facility.objects.filter(is_active=True).count()
    if not n_halls or not n_items:
        return None
    _lo, hi = period_bounds(end, end)
    present = FacilityCheck.objects.filter(hall__in=halls, facility__is_active=True, present=True,
                                           checked_at__lt=hi).count()
    return present / (n_halls * n_items)


def checklist(hall: BusinessHall) -> list[tuple[Facility, FacilityCheck | None]]:
    answers = {c.facility_id: c for c in hall.facility_checks.select_related("checked_by")}
    return [(f, answers.get(f.pk)) for f in Facility.objects.filter(is_active=True)]


def weekly_hours(hall: BusinessHall) -> list[tuple[str, str]]:
    """[("星期一至星期五", "08:30-12:00, 14:00-17:30"), ("星期六", "09:00-12:00")]: consecutive days with the
    same periods are joined (uses prefetched hours if any)."""
    days: dict[int, list[str]] = {}
    for row in sorted(hall.opening_hours.all(), key=lambda r: (r.weekday, r.opens)):
        days.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}-{row.closes:%H:%M}")
    runs: list[list] = []  # [first day, last day, periods]
    for day, periods in sorted(days.items()):
        text = ", ".join(periods)
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == text:
            runs[-1][1] = day
        else:
            runs.append([day, day, text])
    return [(str(Weekday(first).label) if first == last else
             _("%(first)s至%(last)s") % {"first": Weekday(first).label, "last": Weekday(last).label}, text)
            for first, last, text in runs]


def practices() -> list[Practice]:
    return list(Practice.objects.filter(is_active=True))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass
class StaffSkills:
    staff: User
    attended: int = 0  # sessions attended in the period
    missed: int = 0  # sessions invited to and missed in the period
    hours: float = 0.0
    checks: dict = field(default_factory=dict)  # skill id → the latest check by the day, if still valid

    def passed(self, skill) -> bool:
        check = self.checks.get(skill.pk)
        return bool(check and check.passed)

    def qualified(self, skills) -> bool:
        """A valid pass on every active skill item."""
        return all(self.passed(s) for s in skills)


def counter_staff(unit: Unit) -> QuerySet[User]:
    return (User.objects.filter(is_active=True, unit__path__startswith=unit.path, roles__code=Role.COUNTER)
            .select_related("unit").distinct().order_by("unit__path", "username"))


def staff_skills(*, unit: Unit, start: dt.date, end: dt.date) -> tuple[list[SkillItem], list[StaffSkills]]:
    """Per counter clerk under `unit`: training attended and missed in the period, and each skill's latest
    check by `end` while still valid (a pass lapses after the item's `valid_months`)."""
    skills = list(SkillItem.objects.filter(is_active=True))
    rows = {u.pk: StaffSkills(u) for u in counter_staff(unit)}
    for a in TrainingAttendance.objects.filter(staff_id__in=rows, session__date__range=(start, end)).select_related(
            "session"):
        row = rows[a.staff_id]
        if a.attended:
            row.attended += 1
            row.hours += float(a.session.hours)
        else:
            row.missed += 1
    by_skill = {s.pk: s for s in skills}
    for check in (SkillCheck.objects.filter(staff_id__in=rows, skill__in=skills, checked_on__lte=end)
                  .order_by("staff_id", "skill_id", "-checked_on", "-id")):
        row = rows[check.staff_id]
        if check.skill_id in row.checks:
            continue  # an older check of the same skill
        valid_until = add_months(check.checked_on, by_skill[check.skill_id].valid_months)
        row.checks[check.skill_id] = check if end < valid_until else None
    return skills, list(rows.values())


def skills_rate(*, unit: Unit, end: dt.date) -> float | None:
    """Share of counter clerks holding a valid pass on every active skill on `end`."""
    skills, rows = staff_skills(unit=unit, start=end, end=end)
    if not rows or not skills:
        return None
    return sum(r.qualified(skills) for r in rows) / len(rows)


def skill_requirements(*, unit: Unit, start: dt.date, end: dt.date) -> list[dict]:
    """For a compliance matrix: one row per clerk and requirement (each active skill passed and valid at the
    period's end; at least one training attended in the period), with whether it is met."""
    skills, rows = staff_skills(unit=unit, start=start, end=end)
    out = []
    for r in rows:
        out.append({"unit": r.staff.unit, "staff": r.staff, "requirement": _("参加窗口服务技能培训"),
                    "met": r.attended > 0})
        out += [{"unit": r.staff.unit, "staff": r.staff, "requirement": _("技能考核合格:%(s)s") % {"s": s.name},
                 "met": r.passed(s)} for s in skills]
    return out
