"""Writes for campaigns, phases and tasks, activity days, party-branch pairing, assessments and good practices.
Keyword-only, one transaction each, scope re-checked; refusals are DomainErrors naming the field."""
import datetime as dt
from decimal import Decimal, InvalidOperation
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign.models import (ActivityDay, ActivityPhoto, Assessment, Campaign, CampaignGoal, GoodPractice,
                                    Pairing, PairingVisit, PartyBranch, PartyMember, Phase, PhaseKind,
                                    ScorecardItem, Task, month_start)
from wanjia.core.errors import DomainError
from wanjia.core.uploads import validate_image
from wanjia.customers.models import Customer
from wanjia.org.models import Unit, User
from wanjia.org.scoping import ensure_in_scope, ensure_unit_in_scope


def _clean(obj) -> None:
    """full_clean, with Django's first message turned into a DomainError naming its field."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from exc


def _in_campaign(campaign: Campaign, unit: Unit, day: dt.date, field: str = "date") -> None:
    if not campaign.covers(day):
        raise DomainError(_("日期 %(d)s 不在活动期间(%(s)s 至 %(e)s)内。") % {
            "d": day, "s": campaign.start_date, "e": campaign.end_date}, code="outside_campaign", field=field)
    if not unit.path.startswith(campaign.unit.path):
        raise DomainError(_("「%(u)s」不是本次活动的参加单位。") % {"u": unit}, code="not_participant", field="unit")


@transaction.atomic
def campaign_create(*, name: str, unit: Unit, start_date: dt.date, end_date: dt.date, actor: User, goals: str = "",
                    leading_group: str = "", phases: dict[str, tuple[dt.date, dt.date, str]] | None = None,
                    goal_items: Iterable[tuple[str, str, float | None]] = ()) -> Campaign:
    """A campaign over `unit`'s subtree with its four phases (kind → (start, end, description))."""
    ensure_unit_in_scope(actor, unit)
    campaign = Campaign(name=name, unit=unit, start_date=start_date, end_date=end_date, goals=goals,
                        leading_group=leading_group)
    _clean(campaign)
    campaign.save()
    for kind, (start, end, description) in (phases or {}).items():
        if kind not in PhaseKind.values:
            raise DomainError(_("未知的阶段「%(k)s」。") % {"k": kind}, field="phases")
        phase = Phase(campaign=campaign, kind=kind, start_date=start, end_date=end, description=description)
        _clean(phase)
        phase.save()
    for text, kpi_code, target in goal_items:
        CampaignGoal.objects.create(campaign=campaign, text=text, kpi_code=kpi_code, target=target)
    return campaign


@transaction.atomic
def task_create(*, phase: Phase, unit: Unit, title: str, owner: User, due_date: dt.date, actor: User) -> Task:
    ensure_unit_in_scope(actor, unit)
    _in_campaign(phase.campaign, unit, due_date, field="due_date")
    task = Task(phase=phase, unit=unit, title=title, owner=owner, due_date=due_date)
    _clean(task)
    task.save()
    return task


@transaction.atomic
def task_complete(*, task: Task, actor: User, note: str) -> Task:
    ensure_in_scope(actor, task)
    if task.done_at is not None:
        raise DomainError(_("任务已完成。"), field="done_at")
    if not note.strip():
        raise DomainError(_("请填写完成情况。"), field="note")
    task.done_at, task.done_note = timezone.now(), note
    task.save(update_fields=["done_at", "done_note"])
    return task


@transaction.atomic
def activity_day_record(*, campaign: Campaign, unit: Unit, date: dt.date, place: str, actor: User,
                        units: Iterable[Unit] = (), commitments: str = "", materials: str = "",
                        materials_count: int = 0, attendance: int = 0, photos: Iterable = ()) -> ActivityDay:
    ensure_unit_in_scope(actor, unit)
    _in_campaign(campaign, unit, date)
    photos = list(photos or ())
    for photo in photos:
        try:
            validate_image(photo)
        except ValidationError as exc:
            raise DomainError(f"{photo.name}: {exc.messages[0]}", code="bad_photo", field="photos") from exc
    day = ActivityDay(campaign=campaign, unit=unit, date=date, place=place, commitments=commitments,
                      materials=materials, materials_count=materials_count, attendance=attendance)
    _clean(day)
    day.save()
    day.units.set([unit, *units])
    for photo in photos:
        ActivityPhoto.objects.create(activity_day=day, image=photo)
    return day


@transaction.atomic
def branch_create(*, unit: Unit, name: str, actor: User, secretary: User | None = None,
                  members: Iterable[str] = ()) -> PartyBranch:
    ensure_unit_in_scope(actor, unit)
    branch = PartyBranch(unit=unit, name=name, secretary=secretary)
    _clean(branch)
    branch.save()
    PartyMember.objects.bulk_create([PartyMember(branch=branch, name=m) for m in members])
    return branch


@transaction.atomic
def pairing_create(*, branch: PartyBranch, customer: Customer, actor: User, started_on: dt.date,
                   member: PartyMember | None = None, note: str = "") -> Pairing:
    ensure_in_scope(actor, branch)
    ensure_in_scope(actor, customer, "view")
    if member is not None and member.branch_id != branch.pk:
        raise DomainError(_("该党员不属于此支部。"), field="member")
    if not customer.station.path.startswith(branch.unit.path):
        raise DomainError(_("结对客户必须在支部所属单位的供电范围内。"), field="customer")
    if Pairing.objects.filter(branch=branch, member=member, customer=customer, ended_on__isnull=True).exists():
        raise DomainError(_("已与该客户结对。"), field="customer")
    pairing = Pairing(branch=branch, member=member, customer=customer, started_on=started_on, note=note)
    _clean(pairing)
    pairing.save()
    return pairing


@transaction.atomic
def pairing_visit_record(*, pairing: Pairing, date: dt.date, content: str, actor: User,
                         help_given: str = "") -> PairingVisit:
    ensure_in_scope(actor, pairing)
    if date > timezone.localdate():
        raise DomainError(_("走访日期不能晚于今天。"), field="date")
    if date < pairing.started_on or (pairing.ended_on and date > pairing.ended_on):
        raise DomainError(_("走访日期不在结对期间内。"), field="date")
    if not content.strip():
        raise DomainError(_("请填写走访内容。"), field="content")
    visit = PairingVisit(pairing=pairing, date=date, content=content, help_given=help_given, visitor=actor)
    _clean(visit)
    visit.save()
    return visit


@transaction.atomic
def assessment_record(*, unit: Unit, month: dt.date, item: ScorecardItem, score, evidence: str,
                      actor: User) -> Assessment:
    """Record (or revise) a score for an item in a month. The assessor must sit above the assessed unit:
    a unit does not score itself."""
    ensure_unit_in_scope(actor, unit)
    if actor.unit_id == unit.pk and not actor.is_superuser:
        raise DomainError(_("单位不能给自己评分,请由上级单位评分。"), field="unit")
    if not evidence.strip():
        raise DomainError(_("请填写评分依据。"), field="evidence")
    assessment = Assessment.objects.filter(unit=unit, month=month_start(month), item=item).first() or Assessment(
        unit=unit, month=month_start(month), item=item)
    try:
        score = Decimal(str(score))
    except InvalidOperation as exc:
        raise DomainError(_("得分必须是数字。"), field="score") from exc
    assessment.score, assessment.evidence, assessment.assessor = score, evidence, actor
    _clean(assessment)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:  # two assessors at once: the second should retry as a revision
        raise DomainError(_("该项目本月已有评分,请刷新后修改。"), field="item") from exc
    return assessment


@transaction.atomic
def good_practice_record(*, campaign: Campaign, unit: Unit, title: str, description: str, actor: User,
                         recorded_on: dt.date | None = None) -> GoodPractice:
    ensure_unit_in_scope(actor, unit)
    practice = GoodPractice(campaign=campaign, unit=unit, title=title, description=description, recorded_by=actor,
                            recorded_on=recorded_on or timezone.localdate())
    _clean(practice)
    practice.save()
    return practice
