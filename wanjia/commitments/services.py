"""Reading the active commitments. Callers ask for a limit; they never hard-code one."""
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from wanjia.commitments.models import (ConnectionStageLimit, GreenRepairTarget, GreenStageTarget, OtherTimeLimit,
                                       PolicySet, RepairTimeLimit, TimeStatus, TimeUnit)
from wanjia.core import worktime
from wanjia.core.cache import ProcessCache
from wanjia.core.errors import DomainError
from wanjia.core.text import label


def _load_active() -> tuple[PolicySet | None, dict[str, RepairTimeLimit], dict[str, GreenRepairTarget]]:
    policy = (PolicySet.objects.filter(is_active=True).prefetch_related("repair_limits", "green_repair_targets")
              .first())
    if policy is None:
        return None, {}, {}
    return (policy, {limit.area_type: limit for limit in policy.repair_limits.all()},
            {target.area_type: target for target in policy.green_repair_targets.all()})


# Read by every intake; changed by an administrator a few times a year (core.cache).
_active = ProcessCache(_load_active, watch=(PolicySet, RepairTimeLimit, GreenRepairTarget))


def active_policy_set() -> PolicySet:
    policy, _limits, _targets = _active.get()
    if policy is None:
        raise DomainError(_("没有生效的服务承诺策略,请在管理后台启用一套。"), code="no_active_policy")
    return policy


@transaction.atomic
def policy_set_activate(*, policy_set: PolicySet) -> PolicySet:
    PolicySet.objects.select_for_update().filter(is_active=True).exclude(pk=policy_set.pk).update(is_active=False)
    policy_set.is_active = True
    policy_set.save(update_fields=["is_active"])
    return policy_set


def repair_limit(area_type: str, policy_set: PolicySet | None = None) -> RepairTimeLimit:
    policy_set = policy_set or active_policy_set()
    active, limits, _targets = _active.get()
    if active is not None and policy_set.pk == active.pk:
        limit = limits.get(area_type)
    else:
        limit = policy_set.repair_limits.filter(area_type=area_type).first()
    if limit is None:
        raise DomainError(_("策略「%(p)s」没有该区域类型的抢修时限。") % {"p": label(policy_set)},
                          code="no_repair_limit")
    return limit


def green_repair_target(area_type: str, policy_set: PolicySet) -> GreenRepairTarget | None:
    """The green channel's internal repair target for the area under `policy_set`, or None where the set has
    none (the order then runs against the limits only)."""
    active, _limits, targets = _active.get()
    if active is not None and policy_set.pk == active.pk:
        return targets.get(area_type)
    return policy_set.green_repair_targets.filter(area_type=area_type).first()


def green_stage_days(stage: str, customer_class: str, policy_set: PolicySet) -> int | None:
    """Working days of the green channel's internal target for the stage, or None where the set has none."""
    return (GreenStageTarget.objects.filter(policy_set=policy_set, stage=stage, customer_class=customer_class)
            .values_list("working_days", flat=True).first())


def connection_stage_days(stage: str, customer_class: str, policy_set: PolicySet | None = None) -> int | None:
    """Working days allowed for the stage, or None where the stage has no limit for the class."""
    policy_set = policy_set or active_policy_set()
    return (ConnectionStageLimit.objects.filter(policy_set=policy_set, stage=stage, customer_class=customer_class)
            .values_list("working_days", flat=True).first())


def other_limit(code: str, policy_set: PolicySet | None = None) -> OtherTimeLimit:
    policy_set = policy_set or active_policy_set()
    limit = OtherTimeLimit.objects.filter(policy_set=policy_set, code=code).first()
    if limit is None:
        raise DomainError(_("策略「%(p)s」没有时限「%(c)s」。") % {"p": label(policy_set), "c": code},
                          code="no_limit")
    return limit


def other_limit_deadline(code: str, start: dt.datetime, policy_set: PolicySet | None = None,
                         pauses=()) -> dt.datetime:
    limit = other_limit(code, policy_set)
    if limit.unit == TimeUnit.WORKING_DAYS:
        return worktime.deadline(start, working_days=limit.amount, pauses=pauses)
    if limit.unit == TimeUnit.CALENDAR_DAYS:
        return worktime.deadline(start, calendar_days=limit.amount, pauses=pauses)
    minutes = limit.amount * 60 if limit.unit == TimeUnit.HOURS else limit.amount
    return worktime.deadline(start, minutes=minutes, pauses=pauses)


def time_status(*, started: dt.datetime, due: dt.datetime, finished: dt.datetime | None, now: dt.datetime,
                at_risk_share: float, clock=worktime.CALENDAR, pauses=()) -> TimeStatus:
    """on_time / at_risk / overdue, computed from timestamps each time it is asked (never stored stale).
    Finished records are on time or overdue; open ones may be at risk once `at_risk_share` of the limit
    is used."""
    end = finished or now
    if end > due:
        return TimeStatus.OVERDUE
    if finished is not None:
        return TimeStatus.ON_TIME
    limit = worktime.elapsed(started, due, clock=clock, pauses=pauses).total_seconds()
    used = worktime.elapsed(started, now, clock=clock, pauses=pauses).total_seconds()
    return TimeStatus.AT_RISK if limit and used / limit >= float(at_risk_share) else TimeStatus.ON_TIME

