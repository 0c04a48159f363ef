"""Demo walk-ins for the campaign of campaign/demo.py: visits in all six categories in every county of the
bureau (some on the activity days), hazards from problem answers and from self-inspection, at every stage of
rectification: closed, awaiting verification, in progress, overdue."""
import datetime as dt

from django.db import transaction
from django.utils import timezone

from wanjia.campaign.demo import actors, campaign_counties, demo_campaign
from wanjia.core.demo import DemoContext
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.org.models import Unit, UnitKind
from wanjia.outreach import services
from wanjia.outreach.models import AnswerResult, Hazard, HazardEvent, HazardSide, Severity

SELF_CHECKS = ["营业厅消防器材过期", "配电室门禁损坏", "台区标识不全", "抢修车辆备品不足", "客户档案资料不齐"]
NOTES = {AnswerResult.OK: "", AnswerResult.PROBLEM: "现场发现问题,已告知客户", AnswerResult.NOT_APPLICABLE: "不涉及"}


@transaction.atomic  # one commit: thousands of small ones are slow on SQLite
def build(ctx: DemoContext) -> None:
    campaign = demo_campaign(ctx)
    if campaign is None:
        return
    today = timezone.localdate(ctx.now)
    last = min(today, campaign.end_date)
    checklists = {c: services.checklist_for(c) for c in WalkInCategory.values}
    for county in campaign_counties(ctx):
        _county(ctx, campaign, county, today, last, checklists)
    ctx.say(f"  outreach: {campaign.visits.count()} visits, {Hazard.objects.count()} hazards")


def _county(ctx, campaign, county, today, last, checklists) -> None:
    rng = ctx.rng
    who = actors(ctx, county)
    stations = list(Unit.objects.filter(path__startswith=county.path, kind=UnitKind.STATION))
    day = campaign.activity_days.filter(unit=county).first()
    span = (last - campaign.start_date).days
    for category in WalkInCategory.values:
        pool = list(Customer.objects.filter(station__path__startswith=county.path, walk_in_category=category)
                    .select_related("station")[:30])
        for n in range(rng.randint(2, 4)):
            customer = rng.choice(pool) if pool else None
            on_day = n == 0 and day is not None and category in ("village", "community", "hardship")
            date = day.date if on_day else campaign.start_date + dt.timedelta(days=rng.randint(0, span))
            unit = customer.station if customer else rng.choice(stations)
            answers = {}
            for item in checklists[category]:
                roll = rng.random()
                result = (AnswerResult.PROBLEM if roll < 0.18 else
                          AnswerResult.NOT_APPLICABLE if roll < 0.22 else AnswerResult.OK)
                answers[item.pk] = (result, NOTES[result])
            visit = services.visit_record(
                campaign=campaign, unit=unit, category=category, date=date,
                site=customer.name if customer else f"{unit.name[:4]}{WalkInCategory(category).label}走访点",
                customer=customer, team=[who["crew"], who["manager"]], actor=who["manager"],
                answers=answers, activity_day=day if on_day else None,
                summary="按清单逐项检查,宣传安全用电,听取意见。")
            for answer in visit.answers.filter(result=AnswerResult.PROBLEM).select_related("item"):
                _hazard(ctx, who, today, unit=unit, answer=answer, description=f"{answer.item.text}:发现问题",
                        found_on=date, side=HazardSide.CUSTOMER if rng.random() < 0.5 else HazardSide.UTILITY)
    for category in rng.sample(WalkInCategory.values, 3):  # walk-ins still to come
        services.visit_plan_create(
            campaign=campaign, unit=rng.choice(stations), category=category, actor=who["manager"],
            target=f"{WalkInCategory(category).label}回访", team=[who["crew"]],
            planned_date=min(campaign.end_date, today + dt.timedelta(days=rng.randint(3, 30))))
    rect = campaign.phases.get(kind="rectification")
    if rect.start_date <= today:
        for text in rng.sample(SELF_CHECKS, 2):
            found = rect.start_date + dt.timedelta(days=rng.randint(0, max(0, (min(rect.end_date, today)
                                                                                   - rect.start_date).days)))
            _hazard(ctx, who, today, unit=county, description=f"自查:{text}", found_on=found,
                    side=HazardSide.UTILITY, campaign=campaign, is_self_inspection=True)


def _hazard(ctx, who, today, *, found_on, **kw) -> None:
    """Raise a hazard and carry it as far as its fate says, backdating the timeline to plausible days."""
    rng = ctx.rng
    severity = rng.choice([Severity.GENERAL] * 3 + [Severity.MAJOR, Severity.CRITICAL])
    if rng.random() < 0.1:  # found, no rectification order issued yet
        services.hazard_raise(found_on=found_on, actor=who["manager"], severity=severity, **kw)
        return
    deadline = found_on + dt.timedelta(days=rng.choice((15, 30, 45)))
    hazard = services.hazard_raise(found_on=found_on, actor=who["manager"], owner=who["crew"], deadline=deadline,
                                   severity=severity,
                                   measures="限期整改,整改后拍照上传", **kw)
    fate = rng.random()
    finished_by = min(today, deadline - dt.timedelta(days=rng.randint(0, 10)))
    if deadline >= today and fate < 0.5 or fate < 0.25:
        return  # still in rectification (overdue if the deadline has passed)
    services.hazard_rectify(hazard=hazard, actor=who["crew"], note="已按要求整改完毕。")
    if fate < 0.35:
        _backdate(hazard, found_on, finished_by)
        return  # awaiting verification
    services.hazard_verify(hazard=hazard, actor=who["verifier"] if who["verifier"] != who["crew"]
                           else ctx.users["province"], passed=True, note="现场复查合格")
    services.hazard_close(hazard=hazard, actor=who["manager"])
    _backdate(hazard, found_on, finished_by)


def _backdate(hazard, found_on, finished_by) -> None:
    events = list(HazardEvent.objects.filter(hazard=hazard).order_by("id"))
    start = timezone.make_aware(dt.datetime.combine(found_on, dt.time(10)))
    end = timezone.make_aware(dt.datetime.combine(max(found_on, finished_by), dt.time(16)))
    step = (end - start) / max(len(events) - 1, 1)
    for i, event in enumerate(events):
        event.at = start + step * i
    HazardEvent.objects.bulk_update(events, ["at"])
    at = {event.to_status: event.at for event in events}
    Hazard.objects.filter(pk=hazard.pk).update(rectified_at=at.get("done"), verified_at=at.get("verified"),
                                               closed_at=at.get("closed"))
