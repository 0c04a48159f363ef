"""The plan set up by the unit that owns it: campaign, leading group, phases, goals against what was achieved,
tasks cascaded down and rolled up, evidence, copying last year's campaign; scope for units inside and outside."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wanjia.campaign import selectors, services
from wanjia.campaign.models import GoalMeasure, LeadingRole, PhaseKind, Task
from wanjia.campaign.testing import make_campaign, png
from wanjia.core.errors import DomainError
from wanjia.core.testing import make_user
from wanjia.org.models import Role, UnitKind


def test_county_manager_sets_up_own_campaign_and_sibling_cannot_touch_it(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    services.leading_member_add(campaign=campaign, role=LeadingRole.LEADER, name="张局长", position="总经理",
                                actor=manager)
    phase = services.phase_set(campaign=campaign, kind=PhaseKind.LAUNCH, start_date=campaign.start_date,
                               end_date=campaign.start_date + dt.timedelta(days=10), description="动员", actor=manager)
    assert campaign.phases.get(kind=PhaseKind.LAUNCH).end_date == phase.end_date  # changed, not duplicated
    assert campaign.phases.count() == 4
    other = tree.b.users[Role.MANAGER]
    with pytest.raises(PermissionDenied):
        services.leading_member_add(campaign=campaign, role=LeadingRole.MEMBER, name="x", actor=other)
    with pytest.raises(PermissionDenied):
        services.phase_set(campaign=campaign, kind=PhaseKind.SURVEY, start_date=campaign.start_date,
                           end_date=campaign.start_date, actor=other)
    with pytest.raises(PermissionDenied):
        services.campaign_create(name="x", unit=tree.a.unit, start_date=campaign.start_date,
                                 end_date=campaign.end_date, actor=other)
    assert selectors.campaign_list(user=other).filter(pk=campaign.pk).count() == 0


def test_phase_outside_the_campaign_is_refused(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    with pytest.raises(DomainError) as exc:
        services.phase_set(campaign=campaign, kind=PhaseKind.SUMMARY, start_date=campaign.start_date,
                           end_date=campaign.end_date + dt.timedelta(days=1), actor=manager)
    assert exc.value.field == "start_date"


def test_task_cascaded_to_every_county_is_tracked_by_each_and_rolled_up(tree):
    campaign = make_campaign(tree.province, tree.province_manager)
    phase = campaign.phases.get(kind=PhaseKind.SURVEY)
    parent = services.task_create(phase=phase, unit=tree.province, title="召开客户座谈会", due_date=phase.end_date,
                                  actor=tree.province_manager, owner=tree.province_manager,
                                  cascade_kind=UnitKind.COUNTY)
    children = list(parent.children.order_by("unit__code"))
    assert [c.unit for c in children] == [tree.a.unit, tree.b.unit]
    assert children[0].owner == tree.a.users[Role.MANAGER]  # the county's only manager owns its task
    # Each county sees its own task only; a sibling cannot complete it.
    a_manager, b_manager = tree.a.users[Role.MANAGER], tree.b.users[Role.MANAGER]
    assert list(Task.objects.restrict(a_manager).filter(phase__campaign=campaign)) == [children[0]]
    with pytest.raises(PermissionDenied):
        services.task_complete(task=children[0], actor=b_manager, note="x")
    with pytest.raises(DomainError) as exc:
        services.task_complete(task=parent, actor=tree.province_manager, note="提前完成")
    assert exc.value.code == "children_pending"
    services.task_complete(task=children[0], actor=a_manager, note="已召开")
    parent.refresh_from_db()
    assert parent.done_at is None
    services.task_complete(task=children[1], actor=b_manager, note="已召开")
    parent.refresh_from_db()
    assert parent.done_at is not None  # the last county's completion completes the cascaded task
    # Cascading again adds nothing (each county already has its task).
    assert services.task_cascade(task=parent, kind=UnitKind.COUNTY, actor=tree.province_manager) == []


def test_county_cascades_a_received_task_to_its_stations(tree):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    phase = campaign.phases.get(kind=PhaseKind.SURVEY)
    parent = services.task_create(phase=phase, unit=tree.prefecture, title="支部结对全覆盖", due_date=phase.end_date,
                                  actor=tree.province_manager, cascade_kind=UnitKind.COUNTY)
    county_task = parent.children.get(unit=tree.a.unit)
    stations = services.task_cascade(task=county_task, kind=UnitKind.STATION, actor=tree.a.users[Role.MANAGER])
    assert {t.unit for t in stations} == {tree.a.station, tree.a.rural_station, tree.a.remote_station}
    with pytest.raises(PermissionDenied):
        services.task_cascade(task=parent.children.get(unit=tree.b.unit), kind=UnitKind.STATION,
                              actor=tree.a.users[Role.MANAGER])


def test_owner_must_belong_to_the_task_unit(tree):
    campaign = make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])
    phase = campaign.phases.first()
    with pytest.raises(DomainError) as exc:
        services.task_create(phase=phase, unit=tree.a.unit, title="x", due_date=phase.end_date,
                             owner=tree.b.users[Role.MANAGER], actor=tree.a.users[Role.MANAGER])
    assert exc.value.field == "owner"


def test_task_evidence_goes_through_the_upload_checks(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    phase = campaign.phases.first()
    task = services.task_create(phase=phase, unit=tree.a.unit, title="制定实施方案", due_date=phase.end_date,
                                actor=manager, owner=manager)
    evidence = services.task_evidence_add(task=task, file=png("方案.png"), actor=manager)
    assert evidence.name == "方案.png" and task.evidence.count() == 1
    with pytest.raises(DomainError) as exc:
        services.task_evidence_add(task=task, file=SimpleUploadedFile("x.pdf", b"<html>"), actor=manager)
    assert exc.value.field == "file"
    with pytest.raises(PermissionDenied):
        services.task_evidence_add(task=task, file=png(), actor=tree.b.users[Role.MANAGER])


def test_goals_show_target_achieved_and_gap(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    services.goal_create(campaign=campaign, text="社会活动日不少于2次", measure=GoalMeasure.COUNT,
                         count_code="activity_days", target=2, actor=manager)
    services.goal_create(campaign=campaign, text="结对覆盖率100%", kpi_code="branch_pairing", target=1.0,
                         actor=manager)
    services.activity_day_record(campaign=campaign, unit=tree.a.unit, date=timezone.localdate(), place="广场",
                                 actor=manager)
    rows = selectors.goal_progress(campaign=campaign, unit=tree.a.unit, today=timezone.localdate())
    count, rate = rows
    assert (count["target"], count["achieved"], count["gap"], count["met"]) == (2, 1, 1, False)
    assert rate["achieved"] is None and rate["gap"] is None  # no groups yet: nothing to measure
    with pytest.raises(DomainError) as exc:
        services.goal_create(campaign=campaign, text="x", kpi_code="no_such_kpi", target=0.5, actor=manager)
    assert exc.value.field == "kpi_code"
    with pytest.raises(DomainError) as exc:
        services.goal_create(campaign=campaign, text="x", kpi_code="branch_pairing", target=98, actor=manager)
    assert exc.value.field == "target"


def test_copy_last_years_campaign_moves_every_date(tree):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    services.leading_member_add(campaign=campaign, role=LeadingRole.LEADER, name="局长", actor=tree.province_manager)
    services.goal_create(campaign=campaign, text="走访", measure=GoalMeasure.COUNT, count_code="visits", target=100,
                         actor=tree.province_manager)
    services.requirement_create(campaign=campaign, kind="forum", name="十一月座谈会", start_date=campaign.start_date,
                                end_date=campaign.start_date + dt.timedelta(days=29), actor=tree.province_manager)
    phase = campaign.phases.get(kind=PhaseKind.LAUNCH)
    services.task_create(phase=phase, unit=tree.prefecture, title="上报方案", due_date=phase.end_date,
                         actor=tree.province_manager, cascade_kind=UnitKind.COUNTY)
    start = campaign.start_date + dt.timedelta(days=365)
    copy = services.campaign_copy(source=campaign, name="明年", start_date=start, actor=tree.province_manager)
    assert copy.copied_from == campaign and copy.end_date == campaign.end_date + dt.timedelta(days=365)
    assert copy.phases.count() == 4 and copy.goal_items.count() == 1 and copy.leading_members.count() == 1
    assert copy.requirements.get().start_date == start
    task = Task.objects.get(phase__campaign=copy, parent__isnull=True)
    assert task.due_date == phase.end_date + dt.timedelta(days=365) and task.done_at is None
    assert task.children.count() == 2
    with pytest.raises(PermissionDenied):
        services.campaign_copy(source=campaign, name="x", start_date=start, actor=tree.a.users[Role.MANAGER])


def test_groups_are_run_by_their_secretary(tree):
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    group = services.branch_create(unit=tree.a.unit, name="甲县青年志愿者服务队", kind="youth_volunteers",
                                   actor=secretary)
    assert group.secretary == secretary  # a secretary who sets a group up runs it
    member = services.member_add(group=group, name="李青", actor=secretary)
    services.member_set_active(member=member, active=False, actor=secretary)
    assert not group.members.get().is_active
    crew = tree.a.users[Role.CREW]
    with pytest.raises(PermissionDenied):
        services.member_add(group=group, name="王五", actor=crew)  # same unit, not the group's secretary
    with pytest.raises(PermissionDenied):
        services.member_add(group=group, name="王五", actor=tree.b.users[Role.BRANCH_SECRETARY])
    other_secretary = make_user("a-sec2", tree.a.unit, Role.BRANCH_SECRETARY)
    with pytest.raises(PermissionDenied):
        services.member_add(group=group, name="王五", actor=other_secretary)
    services.member_add(group=group, name="王五", actor=tree.a.users[Role.MANAGER])  # the unit's manager may
    with pytest.raises(DomainError):
        services.member_add(group=group, name="王五", actor=secretary)  # already on the roll
