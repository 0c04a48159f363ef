"""Counter staff skills: training sessions with attendance, skill checks against the item's pass mark with a
validity, per-clerk figures in page and API, and the scorecard's 柜台服务到位; users in and out of scope."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from wanjia.core.errors import DomainError
from wanjia.core.testing import api_client, make_user
from wanjia.halls import scorecard, selectors, services
from wanjia.halls.models import SkillItem
from wanjia.org.models import Role
from wanjia.portal.tests.text import page_text, zh


@pytest.fixture
def clerks(tree):
    second = make_user("ta-counter2", tree.a.hall, Role.COUNTER)
    return tree.a.users[Role.COUNTER], second


def _pass_all(clerk, manager, on, score=90):
    for skill in SkillItem.objects.filter(is_active=True):
        services.skill_check_record(staff=clerk, skill=skill, score=score, checked_on=on, actor=manager)


def test_training_attendance_and_checks_make_a_clerk_qualified(tree, clerks):
    first, second = clerks
    manager = tree.a.users[Role.MANAGER]
    today = timezone.localdate()
    services.training_record(unit=tree.a.unit, title="首问负责与一次性告知", date=today, hours=2, actor=manager,
                             attendance=[(first, True, ""), (second, False, "病假")])
    _pass_all(first, manager, today)
    _pass_all(second, manager, today)
    services.skill_check_record(staff=second, skill=SkillItem.objects.get(code="system"), score=60, checked_on=today,
                                actor=manager)  # the latest check counts: now failed
    skills, rows = selectors.staff_skills(unit=tree.a.unit, start=today, end=today)
    by_name = {r.staff.username: r for r in rows}
    assert (by_name[first.username].attended, by_name[first.username].missed) == (1, 0)
    assert (by_name[second.username].attended, by_name[second.username].missed) == (0, 1)
    assert by_name[first.username].qualified(skills) and not by_name[second.username].qualified(skills)
    assert selectors.skills_rate(unit=tree.a.unit, end=today) == 0.5
    assert selectors.skills_rate(unit=tree.b.unit, end=today) == 0.0  # county B's clerk has no checks
    # A pass lapses after the item's validity (12 months by default).
    assert selectors.skills_rate(unit=tree.a.unit, end=today + dt.timedelta(days=366)) == 0.0
    requirements = selectors.skill_requirements(unit=tree.a.unit, start=today, end=today)
    assert {(r["staff"].username, r["met"]) for r in requirements if r["requirement"] == "参加窗口服务技能培训"} == {
        (first.username, True), (second.username, False)}


def test_scorecard_counter_service_includes_skills(tree, clerks):
    first, second = clerks
    today = timezone.localdate()
    _pass_all(first, tree.a.users[Role.MANAGER], today)
    # No evaluated visits: the skills share alone.
    assert scorecard.counter_service(tree.a.unit, today, today) == 0.5
    assert scorecard.counter_skills(tree.a.unit, today, today) == 0.5


def test_refusals_and_scope(tree, clerks):
    first, _second = clerks
    manager, b_manager = tree.a.users[Role.MANAGER], tree.b.users[Role.MANAGER]
    today = timezone.localdate()
    skill = SkillItem.objects.get(code="business")
    with pytest.raises(PermissionDenied):
        services.skill_check_record(staff=first, skill=skill, score=90, checked_on=today, actor=b_manager)
    with pytest.raises(DomainError) as err:
        services.skill_check_record(staff=manager, skill=skill, score=90, checked_on=today, actor=manager)
    assert err.value.field == "staff"
    with pytest.raises(DomainError) as err:
        services.training_record(unit=tree.b.unit, title="x", date=today, hours=1, actor=b_manager,
                                 attendance=[(first, True, "")])
    assert err.value.field == "attendance"
    with pytest.raises(DomainError) as err:
        services.training_record(unit=tree.a.unit, title="x", date=today + dt.timedelta(days=1), hours=1,
                                 actor=manager, attendance=[(first, True, "")])
    assert err.value.field == "date"


def test_skills_page_and_api(client, tree, clerks):
    first, second = clerks
    manager = tree.a.users[Role.MANAGER]
    today = timezone.localdate().isoformat()
    client.force_login(manager)
    bad = client.post("/halls/skills/", {"form": "check", "staff": first.pk, "skill": 1, "score": 101,
                                         "checked_on": today})
    assert bad.status_code == 400
    ok = client.post("/halls/skills/", {"form": "training", "unit": tree.a.unit.pk, "title": "营销系统操作培训",
                                        "date": today, "hours": "1.5", "present": [first.pk, second.pk]})
    assert ok.status_code == 302
    page = page_text(client.get("/halls/skills/"))
    assert zh("营销系统操作培训") in page and first.username in page
    assert tree.b.users[Role.COUNTER].username not in page
    client.force_login(first)
    assert client.post("/halls/skills/", {"form": "check"}).status_code == 403
    api = api_client(manager)
    created = api.post("/api/v1/halls/skill-checks/", {"staff": first.username, "skill": "business", "score": 85,
                                                       "checked_on": today}, format="json")
    assert created.status_code == 201 and created.json()["passed"] is True
    outside = api_client(tree.b.users[Role.MANAGER]).post(
        "/api/v1/halls/skill-checks/", {"staff": first.username, "skill": "business", "score": 85,
                                        "checked_on": today}, format="json")
    assert outside.status_code == 400 and "staff" in outside.json()["fields"]  # like a user that does not exist
    summary = api.get(f"/api/v1/halls/skill-checks/summary/?unit={tree.a.unit.code}").json()
    row = next(r for r in summary["results"] if r["staff"] == first.username)
    assert row["attended"] == 1 and row["skills"]["business"] == 85 and row["qualified"] is False
    assert api_client(tree.b.users[Role.MANAGER]).get(
        f"/api/v1/halls/skill-checks/summary/?unit={tree.a.unit.code}").status_code == 400


def test_training_is_a_requirement_of_the_compliance_matrix(tree, clerks):
    from wanjia.campaign import compliance
    from wanjia.campaign import services as campaign_services
    from wanjia.campaign.models import RequirementKind
    from wanjia.campaign.testing import make_campaign

    today = timezone.localdate()
    campaign = make_campaign(tree.prefecture, tree.province_manager)
    campaign_services.requirement_create(campaign=campaign, kind=RequirementKind.COUNTER_TRAINING,
                                         name="窗口人员培训", start_date=today - dt.timedelta(days=30),
                                         end_date=today + dt.timedelta(days=30), actor=tree.province_manager)
    services.training_record(unit=tree.a.unit, title="礼仪培训", date=today, hours=1,
                             actor=tree.a.users[Role.MANAGER], attendance=[(clerks[0], True, "")])
    table = compliance.matrix(campaign=campaign, unit=tree.prefecture, today=today)
    assert {row.unit.code: row.cells[0].status for row in table["rows"]} == {"TA": "done", "TB": "due"}
    [record] = compliance.drill_down(table["requirements"][0], tree.a.unit)
    assert record["text"] == "礼仪培训"
