"""Writes for the six walk-ins and the hazard loop. Every status change goes through `core.workflow.transition`
and leaves a HazardEvent; refusals are DomainErrors naming the field at fault."""
import datetime as dt
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign.models import ActivityDay, Campaign
from wanjia.core.errors import DomainError
from wanjia.core.text import label
from wanjia.core.uploads import validate_image
from wanjia.core.workflow import transition
from wanjia.customers.models import Customer, WalkInCategory
from wanjia.notifications.services import managers_above, notify
from wanjia.org.models import Unit, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope
from wanjia.outreach.models import (AnswerResult, ChecklistItem, Hazard, HazardEvent, HazardPhoto, HazardSide,
                                    HazardStatus, Severity, Visit, VisitAnswer, VisitPhoto, VisitPlan)


def check_photos(photos: Iterable, field: str = "photos") -> list:
    photos = list(photos or ())
    for photo in photos:
        try:
            validate_image(photo)
        except ValidationError as exc:
            raise DomainError(f"{photo.name}: {exc.messages[0]}", code="bad_photo", field=field) from exc
    return photos


def _check_in_campaign(campaign: Campaign, unit: Unit, day: dt.date, field: str = "date") -> None:
    if not campaign.covers(day):
        raise DomainError(_("日期 %(d)s 不在活动期间(%(s)s 至 %(e)s)内。") % {
            "d": day, "s": campaign.start_date, "e": campaign.end_date}, code="outside_campaign", field=field)
    if not unit.path.startswith(campaign.unit.path):
        raise DomainError(_("「%(u)s」不是本次活动的参加单位。") % {"u": unit}, code="not_participant", field="unit")


def checklist_for(category: str) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(category=category, is_active=True))


@transaction.atomic
def visit_plan_create(*, campaign: Campaign, unit: Unit, category: str, target: str, planned_date: dt.date,
                      actor: User, customer: Customer | None = None, team: Iterable[User] = ()) -> VisitPlan:
    ensure_unit_in_scope(actor, unit)
    _check_in_campaign(campaign, unit, planned_date, field="planned_date")
    plan = VisitPlan(campaign=campaign, unit=unit, category=category, target=target, planned_date=planned_date,
                     customer=customer)
    plan.full_clean()
    plan.save()
    plan.team.set(list(team))
    return plan


@transaction.atomic
def visit_record(*, campaign: Campaign, unit: Unit, category: str, date: dt.date, site: str, team: Iterable[User],
                 actor: User, answers: dict[int, tuple[str, str]], customer: Customer | None = None,
                 plan: VisitPlan | None = None, activity_day: ActivityDay | None = None, summary: str = "",
                 photos: Iterable = ()) -> Visit:
    """Record a walk-in visit with an answer for every active checklist item of its category
    (`answers`: item id → (result, note)). Answers marked as a problem can then raise hazards."""
    ensure_unit_in_scope(actor, unit)
    if category not in WalkInCategory.values:
        raise DomainError(_("未知的走进类别。"), field="category")
    _check_in_campaign(campaign, unit, date)
    if date > timezone.localdate():
        raise DomainError(_("走访日期不能晚于今天;尚未进行的走访请列入走访计划。"), field="date")
    team = list(team)
    if not team:
        raise DomainError(_("请填写走访人员。"), field="team")
    if customer is not None:
        ensure_in_scope(actor, customer, "view")
    if activity_day is not None and (activity_day.campaign_id != campaign.pk or activity_day.date != date):
        raise DomainError(_("社会活动日与走访日期或活动不一致。"), field="activity_day")
    if plan is not None and (plan.campaign_id != campaign.pk or plan.category != category):
        raise DomainError(_("走访计划与本次走访的活动或类别不一致。"), field="plan")
    items = {item.pk: item for item in checklist_for(category)}
    foreign = set(answers) - set(items)
    if foreign:
        raise DomainError(_("有检查项不属于「%(c)s」类别。") % {"c": WalkInCategory(category).label}, field="answers")
    missing = [label(items[pk], "text") for pk in items if pk not in answers]
    if missing:
        raise DomainError(_("以下检查项未填写:%(m)s") % {"m": "、".join(missing)}, field="answers")
    for result, _note in answers.values():
        if result not in AnswerResult.values:
            raise DomainError(_("检查结果只能是正常、有问题或不适用。"), field="answers")
    photos = check_photos(photos)
    visit = Visit(campaign=campaign, unit=unit, category=category, date=date, site=site, customer=customer,
                  plan=plan, activity_day=activity_day, summary=summary, recorded_by=actor)
    visit.full_clean()
    visit.save()
    visit.team.set(team)
    VisitAnswer.objects.bulk_create([VisitAnswer(visit=visit, item=items[pk], result=result, note=note)
                                     for pk, (result, note) in answers.items()])
    for photo in photos:
        VisitPhoto.objects.create(visit=visit, image=photo)
    ensure_in_scope(actor, visit)
    return visit


def _number(prefix: str, obj) -> str:
    return f"{prefix}{obj.found_on:%Y}{obj.pk:06d}"


@transaction.atomic
def hazard_raise(*, unit: Unit, description: str, severity: str, side: str, found_on: dt.date, actor: User,
                 campaign: Campaign | None = None, answer: VisitAnswer | None = None, visit: Visit | None = None,
                 customer: Customer | None = None, location: str = "", is_self_inspection: bool = False,
                 owner: User | None = None, deadline: dt.date | None = None, measures: str = "",
                 photos: Iterable = ()) -> Hazard:
    """A hazard from a checklist answer marked as a problem, from a visit, or a free finding (self-inspection).
    With an owner and deadline the rectification order is issued at once."""
    if answer is not None:
        if answer.result != AnswerResult.PROBLEM:
            raise DomainError(_("只有标为「有问题」的检查项才能登记隐患。"), field="answer")
        if Hazard.objects.filter(answer=answer).exists():
            raise DomainError(_("该检查项已登记隐患。"), field="answer")
        visit = answer.visit
    if visit is not None:
        unit, campaign, customer = visit.unit, visit.campaign, customer or visit.customer
    ensure_unit_in_scope(actor, unit)
    if campaign is not None:
        _check_in_campaign(campaign, unit, found_on, field="found_on")
    if found_on > timezone.localdate():
        raise DomainError(_("发现日期不能晚于今天。"), field="found_on")
    if not description.strip():
        raise DomainError(_("请描述隐患。"), field="description")
    if severity not in Severity.values:
        raise DomainError(_("请选择隐患等级。"), field="severity")
    if side not in HazardSide.values:
        raise DomainError(_("请选择责任方(供电企业侧或客户侧)。"), field="side")
    photos = check_photos(photos)
    hazard = Hazard(number="", unit=unit, campaign=campaign, visit=visit, answer=answer, customer=customer,
                    description=description, location=location, severity=severity, side=side, found_on=found_on,
                    reported_by=actor, is_self_inspection=is_self_inspection)
    hazard.number = f"tmp-{uuid.uuid4().hex[:16]}"  # the real number needs the primary key
    hazard.full_clean()
    hazard.save()
    hazard.number = _number("YH", hazard)
    hazard.save(update_fields=["number"])
    for photo in photos:
        HazardPhoto.objects.create(hazard=hazard, image=photo, stage="found")
    HazardEvent.objects.create(hazard=hazard, actor=actor, at=timezone.now(), to_status=HazardStatus.OPEN,
                               note=description)
    if owner is not None or deadline is not None:
        hazard_order_issue(hazard=hazard, owner=owner, deadline=deadline, measures=measures, actor=actor)
    return hazard


def hazard_order_issue(*, hazard: Hazard, owner: User | None, deadline: dt.date | None, measures: str,
                       actor: User) -> Hazard:
    """Issue the rectification order: who fixes it, by when, and how."""
    ensure_in_scope(actor, hazard)
    if owner is None:
        raise DomainError(_("请指定整改负责人。"), field="owner")
    if deadline is None:
        raise DomainError(_("请指定整改期限。"), field="deadline")
    if deadline < hazard.found_on:
        raise DomainError(_("整改期限不能早于发现日期。"), field="deadline")
    if owner.unit is None or not (owner.unit.path.startswith(hazard.unit.path)
                                  or hazard.unit.path.startswith(owner.unit.path)):
        raise DomainError(_("整改负责人必须是责任单位或其上下级单位的人员。"), field="owner")
    transition(hazard, HazardStatus.ORDERED, actor=actor, event_model=HazardEvent, event_fk="hazard",
               note=measures, data={"owner": owner.pk, "deadline": deadline.isoformat()},
               update={"owner": owner, "deadline": deadline, "measures": measures})
    return hazard


def hazard_rectify(*, hazard: Hazard, actor: User, note: str, photos: Iterable = ()) -> Hazard:
    """The doer reports the rectification done (with photos after the fix, if any)."""
    ensure_in_scope(actor, hazard)
    if not note.strip():
        raise DomainError(_("请说明整改情况。"), field="note")
    photos = check_photos(photos)
    with transaction.atomic():
        transition(hazard, HazardStatus.DONE, actor=actor, event_model=HazardEvent, event_fk="hazard", note=note,
                   update={"rectified_by": actor, "rectified_at": timezone.now(), "rectification_note": note})
        for photo in photos:
            HazardPhoto.objects.create(hazard=hazard, image=photo, stage="rectified")
    return hazard


def hazard_verify(*, hazard: Hazard, actor: User, passed: bool, note: str = "") -> Hazard:
    """Acceptance by someone other than the doer. A failed check sends the order back to the doer."""
    ensure_in_scope(actor, hazard)
    if hazard.status == HazardStatus.DONE and hazard.rectified_by_id == actor.pk:
        raise DomainError(_("整改人不能验收自己的整改,请由其他人员验收。"), code="self_verification",
                          field="verified_by")
    if passed:
        transition(hazard, HazardStatus.VERIFIED, actor=actor, event_model=HazardEvent, event_fk="hazard",
                   note=note, update={"verified_by": actor, "verified_at": timezone.now()})
    else:
        if not note.strip():
            raise DomainError(_("验收不通过时请说明原因。"), field="note")
        transition(hazard, HazardStatus.ORDERED, actor=actor, event_model=HazardEvent, event_fk="hazard",
                   note=note, data={"rejected": True},
                   update={"rectified_by": None, "rectified_at": None})
    return hazard


def hazard_close(*, hazard: Hazard, actor: User, note: str = "") -> Hazard:
    ensure_in_scope(actor, hazard)
    if hazard.status != HazardStatus.VERIFIED:
        raise DomainError(_("隐患未经验收,不能销号。"), code="not_verified", field="status")
    transition(hazard, HazardStatus.CLOSED, actor=actor, event_model=HazardEvent, event_fk="hazard", note=note,
               update={"closed_at": timezone.now()})
    return hazard


def hazards_escalate_overdue(now: dt.datetime) -> int:
    """Tell the managers above the unit about each hazard past its rectification deadline, once: the
    conditional update claims the hazard, the dedupe key guards the notification."""
    today = timezone.localdate(now)
    count = 0
    overdue = Hazard.objects.filter(status__in=[HazardStatus.OPEN, HazardStatus.ORDERED], deadline__lt=today,
                                    escalated_at__isnull=True).select_related("unit", "owner")
    for hazard in overdue:
        with transaction.atomic():
            if not Hazard.objects.filter(pk=hazard.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            parent = Unit.objects.filter(path=hazard.unit.path[:-Unit.steplen]).first() or hazard.unit
            recipients = managers_above(parent) + managers_above(hazard.unit)
            if hazard.owner:
                recipients.append(hazard.owner)
            notify(recipients=recipients, kind="hazard_overdue",
                   subject=_("隐患 %(n)s 逾期未整改") % {"n": hazard.number},
                   body=_("%(u)s:%(d)s,整改期限 %(t)s。") % {"u": hazard.unit, "d": hazard.description[:80],
                                                          "t": hazard.deadline},
                   link=f"/outreach/hazards/{hazard.pk}/", dedupe_key=f"hazard-overdue:{hazard.pk}")
            HazardEvent.objects.create(hazard=hazard, at=now, from_status=hazard.status, to_status=hazard.status,
                                       note=_("逾期升级"), data={"escalated": True})
            count += 1
    return count
