"""Writes for campaigns, phases and tasks, activity days, party-branch pairing, assessments and good practices.
Keyword-only, one transaction each, scope re-checked; refusals are DomainErrors naming the field."""
import datetime as dt
from decimal import Decimal, InvalidOperation
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign.models import (ActivityDay, ActivityPhoto, Assessment, Campaign, CampaignGoal, GoalMeasure,
                                    GoodPractice, GroupKind, LeadingGroupMember, Pairing, PairingVisit, PartyBranch,
                                    PartyMember, Phase, PhaseKind, ProcessImprovement, Requirement, ScorecardItem,
                                    Task, TaskEvidence, month_start)
from wanjia.core.errors import DomainError
from wanjia.core.uploads import validate_document, validate_image
from wanjia.customers.models import Customer
from wanjia.org.models import Role, Unit, UnitKind, User
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
        phase_set(campaign=campaign, kind=kind, start_date=start, end_date=end, description=description,
                  actor=actor)
    for text, kpi_code, target in goal_items:
        goal_create(campaign=campaign, text=text, kpi_code=kpi_code, target=target, actor=actor)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor: User, **fields) -> Campaign:
    """Change the name, dates, goals text or leading-group note; phases must stay inside the new dates."""
    ensure_in_scope(actor, campaign)
    for name in ("name", "start_date", "end_date", "goals", "leading_group"):
        if name in fields:
            setattr(campaign, name, fields[name])
    _clean(campaign)
    outside = [p for p in campaign.phases.all() if not (campaign.covers(p.start_date) and campaign.covers(p.end_date))]
    if outside:
        raise DomainError(_("阶段「%(p)s」超出新的活动期间,请先调整阶段日期。") % {"p": outside[0]}, field="start_date")
    campaign.save()
    return campaign


@transaction.atomic
def leading_member_add(*, campaign: Campaign, role: str, name: str, actor: User, position: str = "",
                       user: User | None = None, duty: str = "") -> LeadingGroupMember:
    ensure_in_scope(actor, campaign)
    member = LeadingGroupMember(campaign=campaign, role=role, name=name, position=position, user=user, duty=duty)
    _clean(member)
    member.save()
    return member


@transaction.atomic
def leading_member_remove(*, member: LeadingGroupMember, actor: User) -> None:
    ensure_in_scope(actor, member)
    member.delete()


@transaction.atomic
def phase_set(*, campaign: Campaign, kind: str, start_date: dt.date, end_date: dt.date, actor: User,
              description: str = "") -> Phase:
    """Create the campaign's phase of this kind, or change its dates and content."""
    ensure_in_scope(actor, campaign)
    if kind not in PhaseKind.values:
        raise DomainError(_("未知的阶段「%(k)s」。") % {"k": kind}, field="kind")
    phase = campaign.phases.filter(kind=kind).first() or Phase(campaign=campaign, kind=kind)
    phase.start_date, phase.end_date, phase.description = start_date, end_date, description
    _clean(phase)
    phase.save()
    return phase


@transaction.atomic
def goal_create(*, campaign: Campaign, text: str, actor: User, measure: str = GoalMeasure.RATE, kpi_code: str = "",
                count_code: str = "", target: float | None = None) -> CampaignGoal:
    from wanjia.campaign.scoring import sources
    from wanjia.campaign.selectors import COUNTS

    ensure_in_scope(actor, campaign)
    if measure == GoalMeasure.RATE and kpi_code and kpi_code not in sources():
        raise DomainError(_("未知的指标「%(k)s」。") % {"k": kpi_code}, field="kpi_code")
    if measure == GoalMeasure.COUNT and count_code and count_code not in COUNTS:
        raise DomainError(_("未知的计数项目「%(k)s」。") % {"k": count_code}, field="count_code")
    goal = CampaignGoal(campaign=campaign, text=text, measure=measure, kpi_code=kpi_code, count_code=count_code,
                        target=target)
    _clean(goal)
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: CampaignGoal, actor: User) -> None:
    ensure_in_scope(actor, goal)
    goal.delete()


def _unit_owner(unit: Unit) -> User | None:
    """The owner a cascaded task gets: the unit's manager when it has exactly one, else none (the unit names one)."""
    managers = list(User.objects.filter(unit=unit, is_active=True, roles__code=Role.MANAGER).distinct()[:2])
    return managers[0] if len(managers) == 1 else None


@transaction.atomic
def task_create(*, phase: Phase, unit: Unit, title: str, due_date: dt.date, actor: User, owner: User | None = None,
                description: str = "", cascade_kind: str = "") -> Task:
    """A task of `unit`; with `cascade_kind`, also one task per unit of that kind below (see task_cascade)."""
    ensure_unit_in_scope(actor, unit)
    _in_campaign(phase.campaign, unit, due_date, field="due_date")
    if owner is not None and not (owner.unit_id and owner.unit.path.startswith(unit.path)):
        raise DomainError(_("负责人必须是责任单位(或其下属单位)的人员。"), field="owner")
    task = Task(phase=phase, unit=unit, title=title, owner=owner, due_date=due_date, description=description)
    _clean(task)
    task.save()
    if cascade_kind:
        task_cascade(task=task, kind=cascade_kind, actor=actor)
    return task


@transaction.atomic
def task_cascade(*, task: Task, kind: str, actor: User) -> list[Task]:
    """Hand the task down: one child task (same phase, title, requirements and due date) for every active
    unit of `kind` under the task's unit. Units that already have one are skipped, so cascading again after
    a new county is set up only adds its task."""
    ensure_in_scope(actor, task)
    if kind not in UnitKind.values:
        raise DomainError(_("未知的单位类型「%(k)s」。") % {"k": kind}, field="cascade_kind")
    units = list(Unit.objects.filter(path__startswith=task.unit.path, kind=kind, is_active=True)
                 .exclude(pk=task.unit_id).exclude(pk__in=task.children.values("unit")))
    if not units and not task.children.exists():
        raise DomainError(_("「%(u)s」下没有%(k)s。") % {"u": task.unit, "k": UnitKind(kind).label},
                          field="cascade_kind")
    if task.cascade_kind != kind:
        task.cascade_kind = kind
        task.save(update_fields=["cascade_kind"])
    children = [Task(phase=task.phase, unit=unit, title=task.title, description=task.description,
                     owner=_unit_owner(unit), due_date=task.due_date, parent=task) for unit in units]
    return Task.objects.bulk_create(children)


@transaction.atomic
def task_assign(*, task: Task, owner: User, actor: User) -> Task:
    """The unit names the person who owns its (cascaded) task."""
    ensure_in_scope(actor, task)
    if not (owner.unit_id and owner.unit.path.startswith(task.unit.path)):
        raise DomainError(_("负责人必须是责任单位(或其下属单位)的人员。"), field="owner")
    task.owner = owner
    task.save(update_fields=["owner"])
    return task


@transaction.atomic
def task_complete(*, task: Task, actor: User, note: str) -> Task:
    """Mark a task done. A cascaded task is done when every unit below has done its own: the last child's
    completion completes the parent (and so on up)."""
    ensure_in_scope(actor, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        raise DomainError(_("任务已完成。"), field="done_at")
    if not note.strip():
        raise DomainError(_("请填写完成情况。"), field="note")
    pending = task.children.filter(done_at__isnull=True).count()
    if pending:
        raise DomainError(_("还有 %(n)d 个下级单位未完成此任务。") % {"n": pending}, code="children_pending",
                          field="note")
    task.done_at, task.done_note = timezone.now(), note
    task.save(update_fields=["done_at", "done_note"])
    _roll_up(task)
    return task


def _roll_up(task: Task) -> None:
    parent = task.parent
    while parent is not None:
        parent = Task.objects.select_for_update().get(pk=parent.pk)
        if parent.done_at is not None or parent.children.filter(done_at__isnull=True).exists():
            return
        parent.done_at = timezone.now()
        parent.done_note = _("各下级单位均已完成。")
        parent.save(update_fields=["done_at", "done_note"])
        parent = parent.parent


@transaction.atomic
def task_evidence_add(*, task: Task, file, actor: User) -> TaskEvidence:
    ensure_in_scope(actor, task)
    client_name = file.name or ""  # shown and used for downloads; the stored name is generated
    try:
        validate_document(file)
    except ValidationError as exc:
        raise DomainError(f"{client_name}: {exc.messages[0]}", code="bad_file", field="file") from exc
    evidence = TaskEvidence(task=task, file=file, name=client_name[-200:], uploaded_by=actor)
    evidence.save()
    return evidence


@transaction.atomic
def requirement_create(*, campaign: Campaign, kind: str, name: str, start_date: dt.date, end_date: dt.date,
                       actor: User, category: str = "", unit_kind: str = UnitKind.COUNTY,
                       own_unit_only: bool = False, order: int = 0) -> Requirement:
    ensure_in_scope(actor, campaign)
    requirement = Requirement(campaign=campaign, kind=kind, name=name, start_date=start_date, end_date=end_date,
                              category=category, unit_kind=unit_kind, own_unit_only=own_unit_only, order=order)
    _clean(requirement)
    requirement.save()
    return requirement


@transaction.atomic
def requirement_update(*, requirement: Requirement, actor: User, **fields) -> Requirement:
    ensure_in_scope(actor, requirement)
    for name in ("kind", "name", "start_date", "end_date", "category", "unit_kind", "own_unit_only", "order"):
        if name in fields:
            setattr(requirement, name, fields[name])
    _clean(requirement)
    requirement.save()
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement, actor: User) -> None:
    ensure_in_scope(actor, requirement)
    requirement.delete()


@transaction.atomic
def campaign_copy(*, source: Campaign, name: str, start_date: dt.date, actor: User,
                  unit: Unit | None = None) -> Campaign:
    """A new campaign from an earlier one: every date moved by the same number of days; the leading group,
    phases, goals, requirements and the owning unit's own tasks (re-cascaded, none done) come along."""
    unit = unit or source.unit
    ensure_unit_in_scope(actor, unit)
    shift = start_date - source.start_date
    campaign = Campaign(name=name, unit=unit, start_date=start_date, end_date=source.end_date + shift,
                        goals=source.goals, leading_group=source.leading_group, copied_from=source)
    _clean(campaign)
    campaign.save()
    LeadingGroupMember.objects.bulk_create(
        [LeadingGroupMember(campaign=campaign, role=m.role, name=m.name, position=m.position, user=m.user,
                            duty=m.duty) for m in source.leading_members.all()])
    phases = {}
    for phase in source.phases.all():
        phases[phase.pk] = phase_set(campaign=campaign, kind=phase.kind, start_date=phase.start_date + shift,
                                     end_date=phase.end_date + shift, description=phase.description, actor=actor)
    CampaignGoal.objects.bulk_create(
        [CampaignGoal(campaign=campaign, text=g.text, measure=g.measure, kpi_code=g.kpi_code,
                      count_code=g.count_code, target=g.target) for g in source.goal_items.all()])
    Requirement.objects.bulk_create(
        [Requirement(campaign=campaign, kind=r.kind, name=r.name, start_date=r.start_date + shift,
                     end_date=r.end_date + shift, category=r.category, unit_kind=r.unit_kind,
                     own_unit_only=r.own_unit_only, order=r.order)
         for r in source.requirements.all()])
    for task in Task.objects.filter(phase__campaign=source, unit=source.unit, parent__isnull=True):
        task_create(phase=phases[task.phase_id], unit=unit, title=task.title, description=task.description,
                    due_date=task.due_date + shift, actor=actor, cascade_kind=task.cascade_kind,
                    owner=task.owner if unit == source.unit else None)
    return campaign


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


def _ensure_group_manager(actor: User, group: PartyBranch) -> None:
    """A group is run by its secretary (or team leader) and by the managers of its unit and above."""
    ensure_in_scope(actor, group)
    if not (actor.has_role(Role.MANAGER) or (group.secretary_id and group.secretary_id == actor.pk)):
        raise PermissionDenied(_("只有该组织的书记(队长)或单位负责人可以管理其成员。"))


def _ensure_secretary_visible(actor: User, secretary: User | None) -> None:
    if secretary is None or actor.is_superuser:
        return
    if not (secretary.unit_id and actor.unit_id and secretary.unit.path.startswith(actor.unit.path)):
        raise DomainError(_("书记(队长)必须是您单位范围内的人员。"), field="secretary")


@transaction.atomic
def branch_create(*, unit: Unit, name: str, actor: User, secretary: User | None = None,
                  members: Iterable[str] = (), kind: str = GroupKind.PARTY_BRANCH) -> PartyBranch:
    """A 党工团 group of `unit`. A branch secretary who sets one up without naming a secretary runs it."""
    ensure_unit_in_scope(actor, unit)
    if secretary is None and not actor.has_role(Role.MANAGER):
        secretary = actor
    _ensure_secretary_visible(actor, secretary)
    branch = PartyBranch(unit=unit, name=name, secretary=secretary, kind=kind)
    _clean(branch)
    branch.save()
    PartyMember.objects.bulk_create([PartyMember(branch=branch, name=m) for m in members])
    return branch


@transaction.atomic
def group_update(*, group: PartyBranch, actor: User, **fields) -> PartyBranch:
    _ensure_group_manager(actor, group)
    _ensure_secretary_visible(actor, fields.get("secretary"))
    for name in ("name", "kind", "secretary"):
        if name in fields:
            setattr(group, name, fields[name])
    _clean(group)
    group.save()
    return group


@transaction.atomic
def member_add(*, group: PartyBranch, name: str, actor: User, user: User | None = None) -> PartyMember:
    _ensure_group_manager(actor, group)
    if not name.strip():
        raise DomainError(_("请填写姓名。"), field="name")
    if group.members.filter(name=name.strip(), is_active=True).exists():
        raise DomainError(_("「%(n)s」已在册。") % {"n": name}, field="name")
    member = PartyMember(branch=group, name=name.strip(), user=user)
    _clean(member)
    member.save()
    return member


@transaction.atomic
def member_set_active(*, member: PartyMember, active: bool, actor: User) -> PartyMember:
    """Take a member off the roll (moved, retired) or back on; their pairings stay as history."""
    _ensure_group_manager(actor, member.branch)
    member.is_active = active
    member.save(update_fields=["is_active"])
    return member


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
    a unit does not score itself; and an item the records measure for that unit and month is not scored by
    hand."""
    from wanjia.campaign import scoring

    ensure_unit_in_scope(actor, unit)
    if actor.unit_id == unit.pk and not actor.is_superuser:
        raise DomainError(_("单位不能给自己评分,请由上级单位评分。"), field="unit")
    if not evidence.strip():
        raise DomainError(_("请填写评分依据。"), field="evidence")
    if scoring.source_rate(item.source_code, unit, *scoring.month_range(month)) is not None:
        raise DomainError(_("该项目本月已由业务数据计算得分,不能人工评分。"), code="measured", field="item")
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


@transaction.atomic
def improvement_record(*, campaign: Campaign, unit: Unit, kind: str, title: str, description: str,
                       effective_on: dt.date, actor: User) -> ProcessImprovement:
    """A rule or process improved in the campaign, by a participating unit."""
    ensure_unit_in_scope(actor, unit)
    if not unit.path.startswith(campaign.unit.path):
        raise DomainError(_("「%(u)s」不是本次活动的参加单位。") % {"u": unit}, code="not_participant", field="unit")
    improvement = ProcessImprovement(campaign=campaign, unit=unit, kind=kind, title=title, description=description,
                                     effective_on=effective_on, recorded_by=actor)
    _clean(improvement)
    improvement.save()
    return improvement
