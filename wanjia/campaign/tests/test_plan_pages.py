"""The plan pages and API as a county manager, the province manager and users outside the scope."""
import datetime as dt

from django.utils import timezone

from wanjia.campaign import services
from wanjia.campaign.models import Campaign, PartyBranch, PhaseKind, Task
from wanjia.campaign.testing import make_campaign, png
from wanjia.core.testing import api_client
from wanjia.org.models import Role


def test_county_manager_creates_and_sets_up_a_campaign_without_the_admin(tree, client):
    manager = tree.a.users[Role.MANAGER]
    client.force_login(manager)
    assert "/campaign/new/" in client.get("/campaign/").content.decode()
    today = timezone.localdate()
    response = client.post("/campaign/new/", {"name": "甲县活动", "unit": tree.a.unit.pk, "start_date": today,
                                              "end_date": today + dt.timedelta(days=200)})
    campaign = Campaign.objects.get(name="甲县活动")
    assert response.status_code == 302 and response["Location"] == f"/campaign/{campaign.pk}/setup/"
    url = f"/campaign/{campaign.pk}/setup/"
    assert client.post(url, {"action": "phase", "phase-kind": "launch", "phase-start_date": today,
                             "phase-end_date": today + dt.timedelta(days=30)}).status_code == 302
    assert client.post(url, {"action": "leader", "leader-role": "leader", "leader-name": "王经理"}).status_code == 302
    assert client.post(url, {"action": "goal", "goal-text": "走访100次", "goal-measure": "count",
                             "goal-count_code": "visits", "goal-target": "100"}).status_code == 302
    bad = client.post(url, {"action": "goal", "goal-text": "x", "goal-measure": "rate",
                            "goal-kpi_code": "branch_pairing", "goal-target": "98"})
    assert bad.status_code == 400 and "比率目标必须在 0 到 1 之间" in bad.content.decode()
    phase = campaign.phases.get()
    assert client.post(url, {"action": "task", "task-phase": phase.pk, "task-title": "各所召开座谈会",
                             "task-unit": tree.a.unit.pk, "task-due_date": today + dt.timedelta(days=20),
                             "task-cascade_kind": "station"}).status_code == 302
    task = Task.objects.get(phase=phase, parent__isnull=True)
    assert task.children.count() == 3
    detail = client.get(f"/campaign/{campaign.pk}/").content.decode()
    assert "走访100次" in detail and "王经理" in detail and "0 / 3" in detail
    # The sibling county neither sees nor sets up this campaign; a crew member cannot set it up.
    client.force_login(tree.b.users[Role.MANAGER])
    assert client.get(url).status_code == 404
    client.force_login(tree.a.users[Role.CREW])
    assert client.get(url).status_code == 403
    assert client.post("/campaign/new/", {"name": "x"}).status_code == 403


def test_county_cannot_change_the_prefecture_plan_it_takes_part_in(tree, client):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    client.force_login(tree.a.users[Role.MANAGER])
    assert client.get(f"/campaign/{campaign.pk}/").status_code == 200
    assert client.get(f"/campaign/{campaign.pk}/setup/").status_code == 403
    assert client.get(f"/campaign/{campaign.pk}/copy/").status_code == 403


def test_task_page_evidence_assign_and_complete_by_the_county(tree, client):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    phase = campaign.phases.get(kind=PhaseKind.SURVEY)
    parent = services.task_create(phase=phase, unit=tree.prefecture, title="支部结对全覆盖", due_date=phase.end_date,
                                  actor=tree.province_manager, cascade_kind="county")
    mine = parent.children.get(unit=tree.a.unit)
    manager = tree.a.users[Role.MANAGER]
    client.force_login(manager)
    url = f"/campaign/tasks/{mine.pk}/"
    assert client.get(url).status_code == 200
    assert client.get(f"/campaign/tasks/{parent.pk}/").status_code == 404  # the prefecture's own task
    assert client.get(f"/campaign/tasks/{parent.children.get(unit=tree.b.unit).pk}/").status_code == 404
    assert client.post(url, {"action": "assign", "assign-owner": tree.a.users[Role.BRANCH_SECRETARY].pk}
                       ).status_code == 302
    bad = client.post(url, {"action": "evidence", "evidence-file": png("x.pdf")})
    assert bad.status_code == 400 and "PDF" in bad.content.decode()
    assert client.post(url, {"action": "evidence", "evidence-file": png("名单.png")}).status_code == 302
    evidence = mine.evidence.get()
    assert client.get(f"/campaign/evidence/{evidence.pk}/").status_code == 200
    client.force_login(tree.b.users[Role.MANAGER])
    assert client.get(f"/campaign/evidence/{evidence.pk}/").status_code == 404
    client.force_login(tree.a.users[Role.BRANCH_SECRETARY])  # now the owner: may complete it
    assert client.post(url, {"action": "complete", "complete-note": "全部结对"}).status_code == 302
    client.force_login(tree.province_manager)
    html = client.get(f"/campaign/tasks/{parent.pk}/").content.decode()
    assert "1 / 2" in html


def test_groups_pages_secretary_manages_members(tree, client):
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    client.force_login(secretary)
    response = client.post("/campaign/groups/", {"kind": "worker_vanguard", "name": "甲县工人先锋队",
                                                 "unit": tree.a.unit.pk})
    group = PartyBranch.objects.get(name="甲县工人先锋队")
    assert response.status_code == 302 and group.secretary == secretary
    assert client.post(f"/campaign/groups/{group.pk}/", {"name": "赵工"}).status_code == 302
    member = group.members.get()
    assert client.post(f"/campaign/groups/{group.pk}/", {"member": member.pk, "active": "0"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    client.force_login(tree.b.users[Role.BRANCH_SECRETARY])
    assert "甲县工人先锋队" not in client.get("/campaign/groups/").content.decode()
    assert client.get(f"/campaign/groups/{group.pk}/").status_code == 404
    client.force_login(tree.a.users[Role.CREW])
    assert client.post(f"/campaign/groups/{group.pk}/", {"name": "钱工"}).status_code == 403


def test_plan_over_the_api(tree):
    pm = api_client(tree.province_manager)
    today = timezone.localdate()
    created = pm.post("/api/v1/campaign/campaigns/", {"name": "省活动", "unit": tree.province.code,
                                                     "start_date": today, "end_date": today + dt.timedelta(days=100)},
                      format="json")
    assert created.status_code == 201, created.json()
    cid = created.json()["id"]
    phase = pm.post("/api/v1/campaign/phases/", {"campaign": cid, "kind": "launch", "start_date": today,
                                                 "end_date": today + dt.timedelta(days=30)}, format="json")
    assert phase.status_code == 201, phase.json()
    assert pm.post("/api/v1/campaign/goals/", {"campaign": cid, "text": "座谈会", "measure": "count",
                                               "count_code": "forums_held", "target": 4}, format="json"
                   ).status_code == 201
    task = pm.post("/api/v1/campaign/tasks/", {"phase": phase.json()["id"], "unit": tree.province.code,
                                               "title": "召开座谈会", "due_date": today + dt.timedelta(days=20),
                                               "cascade_kind": "county"}, format="json")
    assert task.status_code == 201, task.json()
    assert task.json()["children_total"] == 2
    assert pm.post("/api/v1/campaign/requirements/", {"campaign": cid, "kind": "walk_in", "name": "走进学校",
                                                      "start_date": today, "end_date": today}, format="json"
                   ).json()["fields"] == {"category": ["六走进要求须指定走进类别。"]}
    goals = pm.get(f"/api/v1/campaign/campaigns/{cid}/goals/").json()
    assert goals["goals"][0]["target"] == 4 and goals["goals"][0]["achieved"] == 0
    assert pm.get(f"/api/v1/campaign/campaigns/{cid}/compliance/").status_code == 200
    # County A: sees its cascaded task, completes it, cannot touch the province's campaign.
    a = api_client(tree.a.users[Role.MANAGER])
    mine = a.get("/api/v1/campaign/tasks/").json()["results"]
    assert [t["unit"] for t in mine] == [tree.a.unit.code]
    done = a.post(f"/api/v1/campaign/tasks/{mine[0]['id']}/complete/", {"note": "已开"}, format="json")
    assert done.status_code == 200 and done.json()["done_at"]
    assert a.patch(f"/api/v1/campaign/campaigns/{cid}/", {"name": "改"}, format="json").status_code == 404
    assert a.post("/api/v1/campaign/phases/", {"campaign": cid, "kind": "survey", "start_date": today,
                                               "end_date": today}, format="json").status_code == 403
    crew = api_client(tree.a.users[Role.CREW])
    assert crew.post("/api/v1/campaign/campaigns/", {"name": "x", "unit": tree.a.unit.code, "start_date": today,
                                                     "end_date": today}, format="json").status_code == 403
    copy = pm.post(f"/api/v1/campaign/campaigns/{cid}/copy/", {"name": "明年", "start_date": today.replace(
        year=today.year + 1) if (today.month, today.day) != (2, 29) else today + dt.timedelta(days=365)},
        format="json")
    assert copy.status_code == 201 and len(copy.json()["phases"]) == 1


def test_groups_over_the_api(tree):
    secretary = api_client(tree.a.users[Role.BRANCH_SECRETARY])
    group = secretary.post("/api/v1/campaign/groups/", {"unit": tree.a.unit.code, "kind": "youth_volunteers",
                                                        "name": "青年志愿者服务队"}, format="json")
    assert group.status_code == 201, group.json()
    member = secretary.post("/api/v1/campaign/group-members/", {"branch": group.json()["id"], "name": "小李"},
                            format="json")
    assert member.status_code == 201
    off = secretary.post(f"/api/v1/campaign/group-members/{member.json()['id']}/active/", {"is_active": False},
                         format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    other = api_client(tree.b.users[Role.BRANCH_SECRETARY])
    assert other.get("/api/v1/campaign/groups/").json()["results"] == []
    # Another county's group is answered like one that does not exist.
    assert other.post("/api/v1/campaign/group-members/", {"branch": group.json()["id"], "name": "x"},
                      format="json").status_code == 400


def test_requirement_window_is_edited_on_the_setup_page(tree, client):
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    start = campaign.start_date
    requirement = services.requirement_create(campaign=campaign, kind="forum", name="5月座谈会", start_date=start,
                                              end_date=start + dt.timedelta(days=10), actor=tree.province_manager)
    client.force_login(tree.province_manager)
    url = f"/campaign/{campaign.pk}/setup/"
    form = client.get(url, {"edit_requirement": requirement.pk}).content.decode()
    assert f'value="{requirement.pk}"' in form and "保存修改" in form
    response = client.post(url, {"action": "requirement", "requirement-id": requirement.pk,
                                 "requirement-kind": "forum", "requirement-name": "5月座谈会",
                                 "requirement-start_date": start, "requirement-end_date": start + dt.timedelta(days=30),
                                 "requirement-unit_kind": "county", "requirement-order": 0})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.end_date == start + dt.timedelta(days=30) and campaign.requirements.count() == 1


def test_a_county_task_is_handed_down_only_to_levels_below_it(tree, client):
    campaign = make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])
    phase = campaign.phases.first()
    task = services.task_create(phase=phase, unit=tree.a.unit, title="自查", due_date=phase.end_date,
                                actor=tree.a.users[Role.MANAGER])
    client.force_login(tree.a.users[Role.MANAGER])
    html = client.get(f"/campaign/tasks/{task.pk}/").content.decode()
    assert 'value="station"' in html and 'value="prefecture"' not in html and 'value="county"' not in html


def test_auditor_reads_the_plan_and_compliance_but_changes_nothing(tree, client):
    campaign = make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])
    auditor = tree.a.users[Role.AUDITOR]
    client.force_login(auditor)
    assert client.get(f"/campaign/{campaign.pk}/compliance/").status_code == 200
    assert client.get(f"/campaign/{campaign.pk}/setup/").status_code == 403
    api = api_client(auditor)
    assert api.get(f"/api/v1/campaign/campaigns/{campaign.pk}/goals/").status_code == 200
    assert api.post("/api/v1/campaign/goals/", {"campaign": campaign.pk, "text": "x", "measure": "count",
                                                "count_code": "visits", "target": 1}, format="json").status_code == 403
