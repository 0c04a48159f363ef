"""Reads for the campaign pages and the summary report. Every figure is for a unit's subtree, so the same
function serves a county user (their county) and the campaign office (the whole campaign)."""
import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy as _

from wanjia.campaign.models import (ActivityDay, Campaign, GoodPractice, Pairing, PairingVisit, PartyBranch,
                                    PartyMember, ProcessImprovement, Task)
from wanjia.customers.models import WalkInCategory


def campaign_list(*, user):
    """Campaigns the user takes part in: those owned in their subtree, and those owned by a unit above them
    (a county sees the prefecture's campaign it participates in)."""
    if user is None or not user.is_authenticated:
        return Campaign.objects.none()
    mine = Campaign.objects.restrict(user)
    if user.is_superuser or user.unit is None:
        return mine.select_related("unit")
    step = type(user.unit).steplen
    above = [user.unit.path[:i] for i in range(step, len(user.unit.path), step)]
    return (mine | Campaign.objects.filter(unit__path__in=above)).distinct().select_related("unit")


def view_unit(*, user, campaign: Campaign):
    """The unit whose figures a user sees on a campaign: their own unit when it is inside the campaign,
    else the campaign's owning unit (for users above it)."""
    if not user.is_superuser and user.unit is not None and user.unit.path.startswith(campaign.unit.path):
        return user.unit
    return campaign.unit


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def pairing_coverage(*, unit, today: dt.date) -> dict:
    """Branches and members without a pairing in force, and pairings with no visit this quarter."""
    in_force = Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    live = Pairing.objects.filter(in_force, started_on__lte=today)
    branches = PartyBranch.objects.filter(unit__path__startswith=unit.path).annotate(
        paired=Exists(live.filter(branch=OuterRef("pk"))))
    members = PartyMember.objects.filter(branch__unit__path__startswith=unit.path, is_active=True).annotate(
        paired=Exists(live.filter(member=OuterRef("pk"))))
    since = quarter_start(today)
    pairings = live.filter(branch__unit__path__startswith=unit.path).annotate(
        visited=Exists(PairingVisit.objects.filter(pairing=OuterRef("pk"), date__gte=since, date__lte=today)))
    unpaired_branches = list(branches.filter(paired=False).select_related("unit"))
    unpaired_members = list(members.filter(paired=False).select_related("branch"))
    unvisited = list(pairings.filter(visited=False).select_related("branch", "member", "customer"))
    n_branches, n_members, n_pairings = branches.count(), members.count(), pairings.count()
    return {
        "branches": n_branches, "members": n_members, "pairings": n_pairings,
        "unpaired_branches": unpaired_branches, "unpaired_members": unpaired_members,
        "unvisited_pairings": unvisited, "quarter_start": since,
        "branch_coverage": (n_branches - len(unpaired_branches)) / n_branches if n_branches else None,
        "member_coverage": (n_members - len(unpaired_members)) / n_members if n_members else None,
        "visited_share": (n_pairings - len(unvisited)) / n_pairings if n_pairings else None,
    }


def reporting_units(unit) -> list:
    """The units a campaign's progress and ranking are shown by: the unit's children (counties under a
    prefecture, stations under a county), or the unit itself when it has none."""
    children = list(type(unit).objects.filter(path__startswith=unit.path, depth=unit.depth + 1))
    return children or [unit]


def unit_progress(*, campaign: Campaign, unit) -> list[dict]:
    """Per reporting unit: tasks done, visits, hazards found/closed, feedback told back and resolved."""
    from wanjia.feedback.models import TOLD_BACK, FeedbackItem, FeedbackStatus
    from wanjia.outreach.models import Hazard, HazardStatus, Visit

    rows = []
    for child in reporting_units(unit):
        under = {"unit__path__startswith": child.path}
        tasks = Task.objects.filter(phase__campaign=campaign, **under).aggregate(
            total=Count("id"), done=Count("id", filter=Q(done_at__isnull=False)))
        hazards = Hazard.objects.filter(campaign=campaign, **under).aggregate(
            total=Count("id"), closed=Count("id", filter=Q(status=HazardStatus.CLOSED)))
        items = FeedbackItem.objects.filter(
            unit__path__startswith=child.path, received_at__date__range=(campaign.start_date, campaign.end_date)
        ).aggregate(total=Count("id"), answered=Count("id", filter=Q(status__in=TOLD_BACK)),
                    resolved=Count("id", filter=Q(status=FeedbackStatus.RESOLVED)))
        rows.append({
            "unit": child, "tasks_total": tasks["total"], "tasks_done": tasks["done"],
            "visits": Visit.objects.filter(campaign=campaign, **under).count(),
            "hazards_total": hazards["total"], "hazards_closed": hazards["closed"],
            "feedback_total": items["total"], "feedback_answered": items["answered"],
            "feedback_resolved": items["resolved"],
        })
    return rows


def activity_summary(*, campaign: Campaign, unit) -> dict:
    days = ActivityDay.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
    agg = days.aggregate(attendance=Sum("attendance"), materials=Sum("materials_count"))
    return {"days": list(days.order_by("date")), "count": days.count(), "attendance": agg["attendance"] or 0,
            "materials": agg["materials"] or 0}


def visits_by_category(*, campaign: Campaign, unit) -> list[dict]:
    from wanjia.outreach.models import AnswerResult, Hazard, Visit, VisitAnswer

    visits = Visit.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
    counts = dict(visits.values_list("category").annotate(n=Count("id")))
    problems = dict(VisitAnswer.objects.filter(visit__in=visits, result=AnswerResult.PROBLEM)
                    .values_list("visit__category").annotate(n=Count("id")))
    hazards = dict(Hazard.objects.filter(visit__in=visits).values_list("visit__category").annotate(n=Count("id")))
    return [{"category": c, "label": str(c.label), "visits": counts.get(c.value, 0),
             "problems": problems.get(c.value, 0), "hazards": hazards.get(c.value, 0)} for c in WalkInCategory]


def hazard_summary(*, campaign: Campaign, unit, today: dt.date) -> dict:
    from wanjia.outreach.models import Hazard, HazardStatus

    hazards = Hazard.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
    open_statuses = [HazardStatus.OPEN, HazardStatus.ORDERED]
    return {
        "found": hazards.count(),
        "closed": hazards.filter(status=HazardStatus.CLOSED).count(),
        "in_progress": hazards.exclude(status=HazardStatus.CLOSED).count(),
        "overdue": hazards.filter(status__in=open_statuses, deadline__lt=today).count(),
        "self_inspection": hazards.filter(is_self_inspection=True).count(),
        "by_status": dict(hazards.values_list("status").annotate(n=Count("id"))),
    }


def forum_summary(*, campaign: Campaign, unit) -> dict:
    from wanjia.feedback.models import TOLD_BACK, FeedbackItem, FeedbackStatus, Forum, ForumAttendee

    forums = Forum.objects.filter(campaign=campaign, unit__path__startswith=unit.path)
    items = FeedbackItem.objects.filter(Q(unit__path__startswith=unit.path) | Q(queue_unit__path__startswith=unit.path),
                                        received_at__date__range=(campaign.start_date, campaign.end_date))
    by_channel = dict(items.values_list("channel").annotate(n=Count("id")))
    return {
        "forums": forums.count(), "forums_held": forums.filter(held=True).count(),
        "attendees": ForumAttendee.objects.filter(forum__in=forums).count(),
        "feedback": items.count(), "forum_items": items.filter(forum__in=forums).count(),
        "answered": items.filter(status__in=TOLD_BACK).count(),
        "resolved": items.filter(status=FeedbackStatus.RESOLVED).count(),
        "by_channel": by_channel,
    }


def improvements(*, campaign: Campaign, unit):
    return ProcessImprovement.objects.filter(campaign=campaign, unit__path__startswith=unit.path).select_related("unit")


def good_practices(*, campaign: Campaign, unit):
    return GoodPractice.objects.filter(campaign=campaign, unit__path__startswith=unit.path).select_related("unit")


def _count_visits(campaign, unit) -> int:
    from wanjia.outreach.models import Visit

    return Visit.objects.filter(campaign=campaign, unit__path__startswith=unit.path).count()


def _count_hazards_closed(campaign, unit) -> int:
    from wanjia.outreach.models import Hazard, HazardStatus

    return Hazard.objects.filter(campaign=campaign, unit__path__startswith=unit.path,
                                 status=HazardStatus.CLOSED).count()


def _count_forums_held(campaign, unit) -> int:
    from wanjia.feedback.models import Forum

    # By date, like the schedule requirements: a forum need not be linked to count for every campaign it serves.
    return Forum.objects.filter(unit__path__startswith=unit.path, held=True,
                                date__range=(campaign.start_date, campaign.end_date)).count()


def _count_activity_days(campaign, unit) -> int:
    return ActivityDay.objects.filter(campaign=campaign, unit__path__startswith=unit.path).count()


def _count_pairings(campaign, unit) -> int:
    return Pairing.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=campaign.start_date),
                                  started_on__lte=campaign.end_date, branch__unit__path__startswith=unit.path).count()


def _count_pairing_visits(campaign, unit) -> int:
    return PairingVisit.objects.filter(pairing__branch__unit__path__startswith=unit.path,
                                       date__range=(campaign.start_date, campaign.end_date)).count()


def _count_tasks_done(campaign, unit) -> int:
    return Task.objects.filter(phase__campaign=campaign, unit__path__startswith=unit.path,
                               done_at__isnull=False).count()


# Counts a goal can be bound to: code → (label, fn(campaign, unit) -> int over the unit's subtree).
COUNTS = {
    "visits": (_("六走进走访次数"), _count_visits),
    "hazards_closed": (_("隐患整改销号数"), _count_hazards_closed),
    "forums_held": (_("客户座谈会召开次数"), _count_forums_held),
    "activity_days": (_("社会活动日次数"), _count_activity_days),
    "pairings": (_("结对户数"), _count_pairings),
    "pairing_visits": (_("结对走访次数"), _count_pairing_visits),
    "tasks_done": (_("完成任务数"), _count_tasks_done),
}


def goal_progress(*, campaign: Campaign, unit, today: dt.date) -> list[dict]:
    """Each goal with its target, what the unit's subtree achieved so far in the campaign, the gap left
    (target − achieved, never below 0) and whether it is met. Rates are in [0, 1]; counts are numbers."""
    from wanjia.campaign.models import GoalMeasure
    from wanjia.campaign.scoring import source_rate

    end = min(today, campaign.end_date)
    rows = []
    for goal in campaign.goal_items.all():
        if goal.measure == GoalMeasure.COUNT:
            label, fn = COUNTS.get(goal.count_code, ("", None))
            achieved = fn(campaign, unit) if fn else None
        else:
            label = goal.kpi_code
            achieved = source_rate(goal.kpi_code, unit, campaign.start_date, end) if end >= campaign.start_date else None
        gap = None if goal.target is None or achieved is None else max(0.0, goal.target - achieved)
        rows.append({"goal": goal, "measure": goal.measure, "source": str(label), "target": goal.target,
                     "achieved": achieved, "gap": gap,
                     "met": None if goal.target is None or achieved is None else achieved >= goal.target})
    return rows


def todo(*, user, now):
    """Home page: the campaign tasks the user owns and has not finished, earliest deadline first."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from wanjia.core.home import Todo, TodoRow

    tasks = list(Task.objects.restrict(user).filter(owner=user, done_at__isnull=True)
                 .select_related("phase__campaign").order_by("due_date"))
    if not tasks:
        return []
    late = any(t.due_date < timezone.localdate(now) for t in tasks)
    return [Todo(_("我的活动任务"), len(tasks), reverse("campaign:detail", args=[tasks[0].phase.campaign_id]),
                 "danger" if late else "warning",
                 [TodoRow(t.title, reverse("campaign:task", args=[t.pk]), t.due_date) for t in tasks[:5]],
                 order=50)]
