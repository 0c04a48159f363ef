"""Reads of orderly power use, each starting from `restrict(user)`."""
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from wanjia.orderly.filtersets import ForecastFilterSet, LoadProfileFilterSet, PlanFilterSet
from wanjia.orderly.models import (
    Allocation, CurtailmentPlan, LoadProfile, PlanStatus, PolicyTier, ShortageForecast, WarningLevel,
)
from wanjia.orderly.services import active_policy, rotation_history, warning_level_for


def profile_list(*, user, filters=None):
    base = LoadProfile.objects.restrict(user).select_related("customer", "customer__station", "tier")
    return LoadProfileFilterSet(filters or {}, queryset=base).qs


def forecast_list(*, user, filters=None):
    base = ShortageForecast.objects.restrict(user).select_related("unit")
    return ForecastFilterSet(filters or {}, queryset=base).qs


def plan_list(*, user, filters=None):
    base = CurtailmentPlan.objects.restrict(user).select_related("unit")
    return PlanFilterSet(filters or {}, queryset=base).qs


def with_levels(forecasts) -> list:
    """Forecasts with their warning level (`.level`) computed from the current thresholds."""
    levels = list(WarningLevel.objects.prefetch_related("measures").order_by("-share_above"))
    rows = list(forecasts)
    for f in rows:
        f.level = warning_level_for(f.gap_kw, f.max_demand_kw, levels)
    return rows


def tier_summary(*, user) -> list[dict]:
    """Customers and curtailable load by tier, in the user's scope."""
    counts = {row["tier"]: row for row in LoadProfile.objects.restrict(user).values("tier").annotate(
        n=Count("id"))}
    loads = defaultdict(float)
    for tier_id, kw in LoadProfile.objects.restrict(user).values_list("tier", "curtailable_load_kw"):
        loads[tier_id] += kw
    return [{"tier": t, "customers": counts.get(t.pk, {}).get("n", 0), "curtailable_kw": loads[t.pk]}
            for t in PolicyTier.objects.all()]


def plan_periods(plan: CurtailmentPlan) -> list[dict]:
    """Per period: gap, planned, shortfall, achieved reduction (of the loads recorded so far), by tier."""
    levels = list(WarningLevel.objects.order_by("-share_above"))
    rows = []
    by_period_tier = defaultdict(float)
    achieved = defaultdict(float)
    measured = defaultdict(int)
    counts = defaultdict(int)
    for a in Allocation.objects.filter(period__plan=plan).select_related("tier"):
        by_period_tier[(a.period_id, a.tier.name)] += a.shed_kw
        counts[a.period_id] += 1
        if a.measured_load_kw is not None:
            achieved[a.period_id] += a.achieved_kw
            measured[a.period_id] += 1
    tiers = list(PolicyTier.objects.filter(is_protected=False).values_list("name", flat=True))
    for period in plan.periods.all():
        rows.append({
            "period": period, "start": timezone.localtime(period.start), "end": timezone.localtime(period.end),
            "level": warning_level_for(period.gap_kw, period.max_demand_kw, levels),
            "by_tier": {t: by_period_tier[(period.pk, t)] for t in tiers}, "customers": counts[period.pk],
            "achieved_kw": achieved[period.pk] if measured[period.pk] else None, "measured": measured[period.pk],
        })
    return rows


def plan_chart(plan: CurtailmentPlan, periods: list[dict]) -> dict:
    """ECharts data: stacked shed by tier per period, the gap line, shortfall and achieved reduction."""
    tiers = list(PolicyTier.objects.filter(is_protected=False).values_list("name", flat=True))
    return {
        "labels": [f"{r['start']:%m-%d %H:%M}" for r in periods],
        "tiers": [{"name": t, "data": [round(r["by_tier"][t], 1) for r in periods]} for t in tiers],
        "gap": [round(r["period"].gap_kw, 1) for r in periods],
        "shortfall": [round(r["period"].shortfall_kw, 1) for r in periods],
        "achieved": [None if r["achieved_kw"] is None else round(r["achieved_kw"], 1) for r in periods],
    }


def plan_customers(plan: CurtailmentPlan) -> list[dict]:
    """Customers the plan touches, by tier: amount, hours, days, compliance, and their rotation history."""
    rows: dict[int, dict] = {}
    for a in (Allocation.objects.filter(period__plan=plan)
              .select_related("profile", "profile__customer", "tier", "period").order_by("tier__priority")):
        row = rows.setdefault(a.profile_id, {"profile": a.profile, "tier": a.tier, "kwh": 0.0, "max_kw": 0.0,
                                             "hours": 0.0, "days": set(), "measured": 0, "complied": 0})
        hours = a.period.hours
        row["kwh"] += a.shed_kw * hours
        row["max_kw"] = max(row["max_kw"], a.shed_kw)
        row["hours"] += hours
        row["days"].add(timezone.localdate(a.period.start))
        if a.measured_load_kw is not None:
            row["measured"] += 1
            row["complied"] += bool(a.complied)
    first = plan.periods.order_by("start").first()
    history = rotation_history([r["profile"] for r in rows.values()], first.start,
                               active_policy().rotation_window_days) if first else {}
    for row in rows.values():
        cap = row["profile"].curtailable_load_kw or 1
        row["days"] = len(row["days"])
        row["history_kwh"] = history.get(row["profile"].pk, 0.0)
        row["burden_hours"] = (row["history_kwh"] + row["kwh"]) / cap
    return sorted(rows.values(), key=lambda r: (r["tier"].priority, -r["kwh"]))


def plan_totals(plan: CurtailmentPlan) -> dict:
    agg = Allocation.objects.filter(period__plan=plan).aggregate(
        measured=Count("id", filter=Q(measured_load_kw__isnull=False)), total=Count("id"))
    achieved_kwh = sum(a.achieved_kw * a.period.hours for a in Allocation.objects.filter(
        period__plan=plan, measured_load_kw__isnull=False).select_related("period"))
    complied = sum(1 for a in Allocation.objects.filter(period__plan=plan, measured_load_kw__isnull=False)
                   if a.complied)
    return {**agg, "achieved_kwh": achieved_kwh, "complied": complied,
            "achieved_share": achieved_kwh / plan.target_kwh if plan.target_kwh and agg["measured"] else None}


def plan_rotation(*, user, plan: CurtailmentPlan, limit: int = 8) -> dict:
    """Rotation history: the kWh each customer of the plan shed under the unit's recent published plans."""
    plans = list(CurtailmentPlan.objects.restrict(user).filter(
        unit=plan.unit, status__in=[PlanStatus.PUBLISHED, PlanStatus.CLOSED], start_date__lte=plan.end_date)
        .order_by("-start_date")[:limit])[::-1]
    profile_ids = set(Allocation.objects.filter(period__plan=plan).values_list("profile_id", flat=True))
    table = defaultdict(lambda: defaultdict(float))
    for profile_id, plan_id, shed, start, end in Allocation.objects.filter(
            period__plan__in=plans, profile_id__in=profile_ids).values_list(
            "profile_id", "period__plan_id", "shed_kw", "period__start", "period__end"):
        table[profile_id][plan_id] += shed * (end - start).total_seconds() / 3600
    profiles = LoadProfile.objects.filter(pk__in=table).select_related("customer", "tier")
    return {"plans": plans, "rows": [{"profile": p, "cells": [table[p.pk].get(x.pk, 0.0) for x in plans]}
                                     for p in sorted(profiles, key=lambda p: (p.tier.priority, p.customer.account_number))]}
