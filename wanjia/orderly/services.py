"""Every write of orderly power use: load data, gap forecasts, curtailment plans and their workflow
(draft → approved → published → closed), customer notices and compliance records."""
import datetime as dt
import math
from collections import defaultdict

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from wanjia.core.errors import DomainError
from wanjia.core.workflow import transition
from wanjia.customers.importer import ImportFailed, RowError, read_rows
from wanjia.customers.models import Customer, CustomerClass
from wanjia.notifications.services import notify_phone
from wanjia.org.models import Unit
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope
from wanjia.orderly import planner
from wanjia.orderly.models import (
    Allocation, CurtailmentPlan, LoadProfile, OrderlyPolicy, PlanEvent, PlanPeriod, PlanStatus, ShortageForecast,
    WarningLevel,
)

NOTICE_KIND = "orderly_plan"


def active_policy() -> OrderlyPolicy:
    policy = OrderlyPolicy.objects.filter(is_active=True).first()
    if policy is None:
        raise DomainError(_("没有生效的有序用电规则,请管理员在后台启用一条。"), code="no_policy")
    return policy


def warning_level_for(gap_kw: float, max_demand_kw: float, levels=None) -> WarningLevel | None:
    """The most severe level whose threshold the gap share is strictly above; no level without a gap."""
    if gap_kw <= 0 or max_demand_kw <= 0:
        return None
    share = round(gap_kw / max_demand_kw, 9)  # 21/105 is 0.2 exactly, not 0.2000000001
    for level in levels if levels is not None else WarningLevel.objects.order_by("-share_above"):
        if share > float(level.share_above):
            return level
    return None


# ---- load data -------------------------------------------------------------------------------------------

@transaction.atomic
def load_profile_save(*, actor, customer, tier, contracted_capacity_kw: float, peak_load_kw: float,
                      security_load_kw: float, curtailable_load_kw: float, shifts=(), contact: str = "",
                      note: str = "", profile: LoadProfile | None = None) -> LoadProfile:
    profile = profile or LoadProfile(customer=customer)
    if profile.pk and profile.customer_id != customer.pk:
        raise DomainError(_("不能把负荷档案改到另一个客户。"), field="customer")
    for name, value in dict(tier=tier, contracted_capacity_kw=contracted_capacity_kw, peak_load_kw=peak_load_kw,
                            security_load_kw=security_load_kw, curtailable_load_kw=curtailable_load_kw,
                            contact=contact, note=note).items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    profile.shifts.set(shifts)
    ensure_in_scope(actor, profile)
    return profile


# ---- gap forecasts -----------------------------------------------------------------------------------------

@transaction.atomic
def forecast_create(*, actor, unit: Unit, start: dt.datetime, end: dt.datetime, max_demand_kw: float,
                    gap_kw: float, note: str = "") -> ShortageForecast:
    ensure_unit_in_scope(actor, unit)
    forecast = ShortageForecast(unit=unit, start=start, end=end, max_demand_kw=max_demand_kw, gap_kw=gap_kw,
                                note=note, created_by=actor)
    forecast.full_clean()
    forecast.save()
    return forecast


FORECAST_HEADERS = {
    "单位编码": "unit", "单位编码": "unit", "开始": "start", "开始": "start", "结束": "end", "结束": "end",
    "最大需求(kW)": "max_demand_kw", "最大需求(kW)": "max_demand_kw", "缺口(kW)": "gap_kw", "缺口(kW)": "gap_kw",
    "说明": "note", "说明": "note",
}
FORECAST_HEADERS.update({v: v for v in list(FORECAST_HEADERS.values())})


def forecast_import(*, actor, data: bytes, filename: str, progress=None) -> int:
    """Gap forecasts from CSV/XLSX: every row is checked (including overlaps with each other and with stored
    forecasts) before anything is written; any bad row and nothing is written. `progress(done, total)` hears
    of the rows read; rows are checked and written in one transaction, so it next hears of the end."""
    rows = read_rows(data, filename, headers=FORECAST_HEADERS, required=["unit", "start", "end", "max_demand_kw",
                                                                          "gap_kw"])
    if progress:
        progress(0, len(rows))
    units = {u.code: u for u in Unit.objects.restrict(actor)}
    errors, created = [], []
    with transaction.atomic():
        for line, row in rows:
            unit = units.get(row.get("unit", ""))
            if unit is None:
                errors.append(RowError(line, _("单位编码「%(v)s」不存在或不在您的范围内") % {"v": row.get("unit", "")}))
                continue
            # Every cell is read on its own (a short row simply lacks its last cells), so the row's message
            # names each bad field at once.
            values, problems = {}, {}
            for field, parse in _FORECAST_FIELDS.items():
                try:
                    values[field] = parse(row.get(field, ""), field)
                except ValidationError as exc:
                    problems.update(exc.message_dict)
            if not problems:
                try:
                    created.append(forecast_create(actor=actor, unit=unit, note=row.get("note", ""), **values))
                except ValidationError as exc:
                    problems = exc.message_dict
            if problems:
                errors.append(RowError(line, ";".join(
                    f"{ShortageForecast._meta.get_field(f).verbose_name}: {' '.join(m)}" if f != "__all__"
                    else " ".join(m) for f, m in problems.items())))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportFailed(errors)
    if progress:
        progress(len(rows), len(rows))
    return len(created)


def _when(text: str, field: str) -> dt.datetime:
    if not text:
        raise ValidationError({field: _("未填写")})
    try:
        # None when the text is not shaped like a date; ValueError when it is but no such day exists (02-30).
        value = parse_datetime(text.replace("/", "-"))
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({field: _("「%(v)s」不是有效的日期时间(例:2026-07-01 14:00)") % {"v": text}})
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _number(text: str, field: str) -> float:
    if not text:
        raise ValidationError({field: _("未填写")})
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValidationError({field: _("「%(v)s」不是数字") % {"v": text}})
    return value


_FORECAST_FIELDS = {"start": _when, "end": _when, "max_demand_kw": _number, "gap_kw": _number}


# ---- curtailment plans -------------------------------------------------------------------------------------

def _day_bounds(start_date: dt.date, end_date: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start_date, dt.time(), tz),
            dt.datetime.combine(end_date + dt.timedelta(days=1), dt.time(), tz))


def rotation_history(profiles: list[LoadProfile], before: dt.datetime, days: int) -> dict[int, float]:
    """kWh each profile shed under published or closed plans in the `days` before `before` (轮休 history)."""
    history: dict[int, float] = defaultdict(float)
    rows = Allocation.objects.filter(
        profile__in=[p.pk for p in profiles], period__plan__status__in=[PlanStatus.PUBLISHED, PlanStatus.CLOSED],
        period__start__gte=before - dt.timedelta(days=days), period__start__lt=before,
    ).values_list("profile_id", "shed_kw", "period__start", "period__end")
    for profile_id, shed, start, end in rows:
        history[profile_id] += shed * (end - start).total_seconds() / 3600
    return history


def _solve(plan: CurtailmentPlan) -> None:
    """(Re)compute a draft plan's periods and allocations from the unit's forecasts and load data."""
    first, last = _day_bounds(plan.start_date, plan.end_date)
    forecasts = list(ShortageForecast.objects.filter(unit=plan.unit, start__gte=first, start__lt=last, gap_kw__gt=0)
                     .order_by("start"))
    if not forecasts:
        raise DomainError(_("该区域在这段日期内没有缺口预测,请先录入或导入预测。"), field="start_date")
    profiles = list(LoadProfile.objects.filter(customer__station__path__startswith=plan.unit.path)
                    .select_related("tier", "customer").order_by("customer__account_number"))
    history = rotation_history(profiles, forecasts[0].start, active_policy().rotation_window_days)
    priorities = sorted({p.tier.priority for p in profiles if not p.tier.is_protected})
    problem = planner.Problem(
        tier_rank=np.array([planner.PROTECTED if p.tier.is_protected else priorities.index(p.tier.priority)
                            for p in profiles], dtype=int),
        curtailable_kw=np.array([0.0 if p.tier.is_protected else p.curtailable_load_kw for p in profiles]),
        history_kwh=np.array([history.get(p.pk, 0.0) for p in profiles]),
        period_day=np.array([(timezone.localdate(f.start) - plan.start_date).days for f in forecasts]),
        period_hours=np.array([f.hours for f in forecasts]),
        gap_kw=np.array([f.gap_kw for f in forecasts]),
    )
    solution = planner.solve(problem)
    plan.periods.all().delete()
    periods = PlanPeriod.objects.bulk_create([
        PlanPeriod(plan=plan, forecast=f, start=f.start, end=f.end, max_demand_kw=f.max_demand_kw, gap_kw=f.gap_kw,
                   planned_kw=float(solution.shed_kw[:, k].sum()), shortfall_kw=float(solution.shortfall_kw[k]))
        for k, f in enumerate(forecasts)])
    customers, columns = np.nonzero(solution.shed_kw > 1e-6)
    Allocation.objects.bulk_create([
        Allocation(period=periods[k], profile=profiles[c], tier=profiles[c].tier,
                   shed_kw=float(solution.shed_kw[c, k]), baseline_kw=profiles[c].peak_load_kw)
        for c, k in zip(customers, columns)], batch_size=5000)
    plan.gaps = _plan_gaps(plan, first, last)
    hours = problem.period_hours
    plan.target_kwh = float(problem.gap_kw @ hours)
    plan.planned_kwh = float(solution.shed_kw.sum(axis=0) @ hours)
    plan.shortfall_kwh = float(solution.shortfall_kw @ hours)
    plan.solve_seconds = solution.solve_seconds
    plan.save()


LEFT_OUT_LISTED = 200  # the page and the event list this many by account number; the count is exact


def _plan_gaps(plan: CurtailmentPlan, first: dt.datetime, last: dt.datetime) -> dict:
    """What the plan cannot account for: non-resident customers of the area with no load profile (the solver
    never sees them), and, for each day that has forecasts, the hours no forecast covers (a day-ahead
    forecast covers all 24 hours, with 0 kW gap where there is none)."""
    left = (Customer.objects.filter(station__path__startswith=plan.unit.path, load_profile__isnull=True)
            .exclude(customer_class=CustomerClass.RESIDENT).order_by("account_number"))
    covered: dict[dt.date, set[int]] = defaultdict(set)
    hour = dt.timedelta(hours=1)
    for start, end in ShortageForecast.objects.filter(unit=plan.unit, start__gte=first, start__lt=last) \
            .values_list("start", "end"):
        moment = timezone.localtime(start).replace(minute=0, second=0, microsecond=0)
        while moment < end:
            covered[moment.date()].add(moment.hour)
            moment = timezone.localtime(moment + hour)
    missing = {day.isoformat(): sorted(set(range(24)) - hours) for day, hours in sorted(covered.items())
               if plan.start_date <= day <= plan.end_date and len(hours) < 24}
    return {"left_out": [list(row) for row in left.values_list("account_number", "name")[:LEFT_OUT_LISTED]],
            "left_out_count": left.count(), "missing_hours": missing}


@transaction.atomic
def plan_create(*, actor, unit: Unit, start_date: dt.date, end_date: dt.date, title: str = "") -> CurtailmentPlan:
    ensure_unit_in_scope(actor, unit)
    plan = CurtailmentPlan(unit=unit, start_date=start_date, end_date=end_date, created_by=actor,
                           title=title or _("%(unit)s有序用电方案 %(start)s") % {"unit": unit.name, "start": start_date})
    plan.full_clean()
    plan.save()
    _solve(plan)
    PlanEvent.objects.create(plan=plan, actor=actor, at=timezone.now(), to_status=PlanStatus.DRAFT,
                             note=_("编制方案"), data=_summary(plan))
    return plan


@transaction.atomic
def plan_replan(*, actor, plan: CurtailmentPlan) -> CurtailmentPlan:
    """Solve a draft again (after load data or forecasts changed)."""
    plan = CurtailmentPlan.objects.select_for_update().get(pk=plan.pk)
    ensure_in_scope(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("只有草稿方案可以重新计算。"), code="illegal_transition")
    _solve(plan)
    PlanEvent.objects.create(plan=plan, actor=actor, at=timezone.now(), from_status=plan.status,
                             to_status=plan.status, note=_("重新计算"), data=_summary(plan))
    return plan


def _summary(plan: CurtailmentPlan) -> dict:
    return {"target_kwh": round(plan.target_kwh, 1), "planned_kwh": round(plan.planned_kwh, 1),
            "shortfall_kwh": round(plan.shortfall_kwh, 1), "solve_seconds": round(plan.solve_seconds, 3),
            "left_out_count": plan.left_out_count, "missing_hours": plan.missing_hours}


def plan_approve(*, actor, plan: CurtailmentPlan, accept_shortfall: bool = False, accept_gaps: bool = False,
                 note: str = "") -> CurtailmentPlan:
    """A plan that cannot cover the whole gap is approved only when the approver says so explicitly (the rest
    must come from elsewhere: supply support from the grid, never from protected or security load). So is a
    plan built on incomplete data: customers left out for want of a load profile, forecast days missing hours."""
    ensure_in_scope(actor, plan)
    if not plan.is_feasible and not accept_shortfall:
        raise DomainError(_("方案有 %(kwh).1f kWh 的缺口无法在不触及保障负荷的情况下满足;确认另行解决后才能审批。")
                          % {"kwh": plan.shortfall_kwh}, field="accept_shortfall", code="shortfall")
    if plan.has_gaps and not accept_gaps:
        raise DomainError(_("方案编制时数据不全:%(n)d 户非居民客户没有负荷档案未参与安排,%(d)d 天的预测缺少小时;"
                            "确认知悉后才能审批。") % {"n": plan.left_out_count, "d": len(plan.missing_hours)},
                          field="accept_gaps", code="plan_gaps")
    transition(plan, PlanStatus.APPROVED, actor=actor, event_model=PlanEvent, event_fk="plan", note=note,
               data={"accept_shortfall": accept_shortfall, "accept_gaps": accept_gaps, **_summary(plan)})
    return plan


def plan_return(*, actor, plan: CurtailmentPlan, note: str = "") -> CurtailmentPlan:
    ensure_in_scope(actor, plan)
    transition(plan, PlanStatus.DRAFT, actor=actor, event_model=PlanEvent, event_fk="plan", note=note)
    return plan


def customer_notice(plan: CurtailmentPlan, profile: LoadProfile, allocations: list[Allocation]) -> str:
    lines = []
    for alloc in sorted(allocations, key=lambda a: a.period.start):
        start, end = timezone.localtime(alloc.period.start), timezone.localtime(alloc.period.end)
        lines.append(_("%(day)s %(s)s–%(e)s 压减 %(kw).0f kW(负荷不超过 %(limit).0f kW)") % {
            "day": f"{start:%m月%d日}", "s": f"{start:%H:%M}", "e": f"{end:%H:%M}", "kw": alloc.shed_kw,
            "limit": alloc.load_limit_kw})
    shifts = "、".join(s.name for s in profile.shifts.all())
    text = _("【有序用电通知】%(name)s:因电力供应缺口,按《%(plan)s》请贵单位:%(lines)s。保安负荷不受影响。") % {
        "name": profile.customer.name, "plan": plan.title, "lines": ";".join(lines)}
    if shifts:
        text += _("可按档案安排错峰到:%(s)s。") % {"s": shifts}
    return text


def plan_publish(*, actor, plan: CurtailmentPlan, now: dt.datetime | None = None) -> CurtailmentPlan:
    """Notify each affected customer with their hours and amounts, at least the notice period ahead."""
    ensure_in_scope(actor, plan)
    if plan.status != PlanStatus.APPROVED:
        raise DomainError(_("只有已审批的方案可以发布。"), code="illegal_transition")
    now = now or timezone.now()
    policy = active_policy()
    first = plan.periods.order_by("start").first()
    latest = first.start - dt.timedelta(hours=policy.notice_hours)
    if now > latest:
        raise DomainError(
            _("已过发布期限:须在首个时段(%(start)s)前至少 %(h)d 小时通知客户,即 %(latest)s 之前。请调整方案日期后重新编制。")
            % {"start": f"{timezone.localtime(first.start):%Y-%m-%d %H:%M}", "h": policy.notice_hours,
               "latest": f"{timezone.localtime(latest):%Y-%m-%d %H:%M}"},
            code="too_late", field="start_date")
    with transaction.atomic():  # the notices and the status change (re-checked under lock) stand or fall together
        by_profile = defaultdict(list)
        for alloc in Allocation.objects.filter(period__plan=plan).select_related("period"):
            by_profile[alloc.profile_id].append(alloc)
        profiles = LoadProfile.objects.filter(pk__in=by_profile).select_related("customer").prefetch_related("shifts")
        sent = 0
        for profile in profiles:
            if not profile.customer.phone:
                continue
            notice = notify_phone(phone=profile.customer.phone, kind=NOTICE_KIND,
                                  text=customer_notice(plan, profile, by_profile[profile.pk]),
                                  dedupe_key=f"orderly-plan-{plan.pk}-customer-{profile.customer_id}")
            sent += notice is not None
        transition(plan, PlanStatus.PUBLISHED, actor=actor, event_model=PlanEvent, event_fk="plan", at=now,
                   update={"published_at": now}, data={"notice_hours": policy.notice_hours, "customers_notified": sent})
    return plan


def plan_close(*, actor, plan: CurtailmentPlan, now: dt.datetime | None = None, note: str = "") -> CurtailmentPlan:
    ensure_in_scope(actor, plan)
    now = now or timezone.now()
    last = plan.periods.order_by("-end").first()
    if last and now < last.end:
        raise DomainError(_("方案的最后时段尚未结束,不能结束方案。"), code="not_over")
    transition(plan, PlanStatus.CLOSED, actor=actor, event_model=PlanEvent, event_fk="plan", at=now, note=note)
    return plan


@transaction.atomic
def compliance_record(*, actor, plan: CurtailmentPlan, readings: dict[int, float],
                      now: dt.datetime | None = None) -> int:
    """Metered or reported loads (allocation id → kW) for periods that have started; all or nothing."""
    ensure_in_scope(actor, plan)
    now = now or timezone.now()
    if plan.status not in (PlanStatus.PUBLISHED, PlanStatus.CLOSED):
        raise DomainError(_("方案发布后才能记录执行情况。"), code="not_published")
    allocations = {a.pk: a for a in Allocation.objects.select_for_update().filter(
        period__plan=plan, pk__in=list(readings)).select_related("period")}
    errors = {}
    for pk, value in readings.items():
        alloc = allocations.get(pk)
        if alloc is None:
            errors[str(pk)] = [_("不是本方案的压减安排。")]
        elif value is None or value < 0:
            errors[str(pk)] = [_("实测负荷不能为负数。")]
        elif alloc.period.start > now:
            errors[str(pk)] = [_("该时段尚未开始。")]
    if errors:
        raise ValidationError(errors)
    for pk, value in readings.items():
        alloc = allocations[pk]
        alloc.measured_load_kw, alloc.measured_at = float(value), now
    Allocation.objects.bulk_update(allocations.values(), ["measured_load_kw", "measured_at"])
    return len(allocations)
