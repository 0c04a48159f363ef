import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wanjia.campaign.testing import make_campaign, png
from wanjia.core.errors import DomainError
from wanjia.core.testing import make_user
from wanjia.customers.models import WalkInCategory
from wanjia.notifications.models import Notification
from wanjia.org.models import Role
from wanjia.outreach import services
from wanjia.outreach.models import (AnswerResult, ChecklistItem, Hazard, HazardEvent, HazardSide, HazardStatus,
                                    Severity, Visit)
from wanjia.outreach.tick import run as tick

TODAY = timezone.localdate


def answers_for(category, problem_first=False):
    items = services.checklist_for(category)
    return {item.pk: (AnswerResult.PROBLEM if problem_first and i == 0 else AnswerResult.OK, "")
            for i, item in enumerate(items)}


@pytest.fixture
def setup(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    return tree, manager, campaign


def record(campaign, tree, actor, category=WalkInCategory.VILLAGE, **kw):
    values = dict(campaign=campaign, unit=tree.a.station, category=category, date=TODAY(), site="上寨村",
                  team=[actor], actor=actor, answers=answers_for(category, problem_first=True))
    values.update(kw)
    return services.visit_record(**values)


def test_each_category_has_its_checklist_from_the_plan(db):
    expected = {"village": 3, "community": 2, "school": 2, "hospital": 3, "enterprise": 4, "hardship": 3}
    for category, count in expected.items():
        assert len(services.checklist_for(category)) == count
    texts = [i.text for i in services.checklist_for("hospital")]
    assert any("应急电源" in t for t in texts) and any("演练" in t for t in texts)
    assert any("节能诊断" in i.text for i in services.checklist_for("enterprise"))


def test_checklist_is_data_an_edited_item_is_asked_next_visit(setup):
    tree, manager, campaign = setup
    ChecklistItem.objects.create(category="school", order=9, text="校园配电房已检查")
    ChecklistItem.objects.filter(category="school", order=1).update(is_active=False)
    texts = [i.text for i in services.checklist_for("school")]
    assert "校园配电房已检查" in texts and len(texts) == 2


def test_visit_records_answers_for_every_item(setup):
    tree, manager, campaign = setup
    visit = record(campaign, tree, manager, category=WalkInCategory.HOSPITAL, photos=[png()])
    assert visit.answers.count() == 3
    assert visit.answers.filter(result=AnswerResult.PROBLEM).count() == 1
    assert visit.photos.count() == 1


def test_visit_outside_the_campaign_is_refused(setup):
    tree, manager, campaign = setup
    with pytest.raises(DomainError) as err:
        record(campaign, tree, manager, date=campaign.end_date + dt.timedelta(days=1))
    assert err.value.field == "date" and "不在活动期间" in err.value.message
    with pytest.raises(DomainError) as err:
        record(campaign, tree, manager, date=campaign.start_date - dt.timedelta(days=1))
    assert err.value.field == "date"
    assert not Visit.objects.exists()


def test_visit_with_missing_or_foreign_answers_is_refused(setup):
    tree, manager, campaign = setup
    answers = answers_for("village")
    answers.pop(next(iter(answers)))
    with pytest.raises(DomainError) as err:
        record(campaign, tree, manager, answers=answers)
    assert err.value.field == "answers" and "未填写" in err.value.message
    with pytest.raises(DomainError) as err:
        record(campaign, tree, manager, answers={**answers_for("village"), **answers_for("school")})
    assert err.value.field == "answers"


def test_bad_photo_is_refused_and_nothing_is_saved(setup):
    tree, manager, campaign = setup
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(DomainError) as err:
        record(campaign, tree, manager, photos=[fake])
    assert err.value.field == "photos"
    assert not Visit.objects.exists()


def test_visit_in_another_county_is_refused(setup):
    tree, manager, campaign = setup
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record(campaign, tree, manager, unit=tree.b.station)


def raise_from_visit(campaign, tree, manager, **kw):
    visit = record(campaign, tree, manager)
    answer = visit.answers.get(result=AnswerResult.PROBLEM)
    return services.hazard_raise(unit=visit.unit, answer=answer, description="表箱未接地", severity=Severity.MAJOR,
                                 side=HazardSide.UTILITY, found_on=TODAY(), actor=manager, photos=[png()], **kw)


def test_full_loop_hazard_to_closed(setup):
    tree, manager, campaign = setup
    crew = tree.a.users[Role.CREW]
    hazard = raise_from_visit(campaign, tree, manager)
    assert hazard.number.startswith("YH") and hazard.status == HazardStatus.OPEN
    assert hazard.visit is not None and hazard.campaign == campaign and hazard.unit == tree.a.station
    services.hazard_order_issue(hazard=hazard, owner=crew, deadline=TODAY() + dt.timedelta(days=7),
                                measures="加装接地", actor=manager)
    services.hazard_rectify(hazard=hazard, actor=crew, note="已加装接地线", photos=[png("after.png")])
    with pytest.raises(DomainError) as err:
        services.hazard_verify(hazard=hazard, actor=crew, passed=True)
    assert err.value.field == "verified_by" and "不能验收自己" in err.value.message
    with pytest.raises(DomainError) as err:
        services.hazard_close(hazard=hazard, actor=manager)
    assert err.value.code == "not_verified"
    services.hazard_verify(hazard=hazard, actor=manager, passed=True, note="现场复查合格")
    services.hazard_close(hazard=hazard, actor=manager)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and hazard.verified_by == manager and hazard.rectified_by == crew
    assert list(HazardEvent.objects.filter(hazard=hazard).values_list("to_status", flat=True)) == [
        "open", "ordered", "done", "verified", "closed"]
    assert hazard.photos.filter(stage="rectified").count() == 1


def test_failed_verification_sends_it_back_to_the_doer(setup):
    tree, manager, campaign = setup
    crew = tree.a.users[Role.CREW]
    hazard = raise_from_visit(campaign, tree, manager, owner=crew, deadline=TODAY() + dt.timedelta(days=3))
    assert hazard.status == HazardStatus.ORDERED
    services.hazard_rectify(hazard=hazard, actor=crew, note="已处理")
    with pytest.raises(DomainError):
        services.hazard_verify(hazard=hazard, actor=manager, passed=False)  # a reason is required
    services.hazard_verify(hazard=hazard, actor=manager, passed=False, note="接地电阻仍超标")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ORDERED and hazard.rectified_by is None


def test_cannot_close_an_open_hazard(setup):
    tree, manager, campaign = setup
    hazard = services.hazard_raise(unit=tree.a.unit, description="自查:营业厅消防器材过期", severity=Severity.GENERAL,
                                   side=HazardSide.UTILITY, found_on=TODAY(), actor=manager,
                                   is_self_inspection=True, campaign=campaign)
    with pytest.raises(DomainError) as err:
        services.hazard_close(hazard=hazard, actor=manager)
    assert "未经验收" in err.value.message
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.OPEN


def test_ok_answer_cannot_raise_a_hazard_and_bad_input_is_named(setup):
    tree, manager, campaign = setup
    visit = record(campaign, tree, manager)
    ok = visit.answers.filter(result=AnswerResult.OK).first()
    with pytest.raises(DomainError) as err:
        services.hazard_raise(unit=visit.unit, answer=ok, description="x", severity="major", side="utility",
                              found_on=TODAY(), actor=manager)
    assert err.value.field == "answer"
    with pytest.raises(DomainError) as err:
        services.hazard_raise(unit=visit.unit, description="x", severity="huge", side="utility",
                              found_on=TODAY(), actor=manager)
    assert err.value.field == "severity"
    hazard = services.hazard_raise(unit=visit.unit, description="x", severity="major", side="customer",
                                   found_on=TODAY(), actor=manager)
    with pytest.raises(DomainError) as err:
        services.hazard_order_issue(hazard=hazard, owner=tree.b.users[Role.CREW], deadline=TODAY(), measures="",
                                    actor=manager)
    assert err.value.field == "owner"
    with pytest.raises(DomainError) as err:
        services.hazard_order_issue(hazard=hazard, owner=manager, deadline=TODAY() - dt.timedelta(days=1),
                                    measures="", actor=manager)
    assert err.value.field == "deadline"


def test_overdue_hazards_escalate_once(setup):
    tree, manager, campaign = setup
    crew = tree.a.users[Role.CREW]
    prefecture_manager = make_user("pm", tree.prefecture, Role.MANAGER)
    hazard = services.hazard_raise(unit=tree.a.station, description="树线矛盾", severity=Severity.MAJOR,
                                   side=HazardSide.UTILITY, found_on=TODAY() - dt.timedelta(days=10), actor=manager,
                                   campaign=campaign, owner=crew, deadline=TODAY() - dt.timedelta(days=1))
    now = timezone.now()
    assert tick(now) == {"hazards_escalated": 1}
    assert tick(now) == {"hazards_escalated": 0}
    recipients = set(Notification.objects.filter(kind="hazard_overdue").values_list("recipient__username", flat=True))
    assert {manager.username, crew.username} <= recipients
    assert prefecture_manager.username not in recipients  # a station's hazard goes to its county first
    assert HazardEvent.objects.filter(hazard=hazard, data__escalated=True).count() == 1


def test_scope_county_b_sees_nothing_of_a(setup):
    tree, manager, campaign = setup
    raise_from_visit(campaign, tree, manager)
    for role in (Role.MANAGER, Role.CREW, Role.AUDITOR):
        b_user = tree.b.users[role]
        assert not Hazard.objects.restrict(b_user).exists()
        assert not Visit.objects.restrict(b_user).exists()
    assert Hazard.objects.restrict(tree.a.users[Role.AUDITOR]).count() == 1
    assert not Hazard.objects.restrict(tree.a.users[Role.AUDITOR], "change").exists()


def test_visit_plan_then_visit(setup):
    tree, manager, campaign = setup
    with pytest.raises(DomainError) as err:
        services.visit_plan_create(campaign=campaign, unit=tree.a.station, category="school", target="城关小学",
                                   planned_date=campaign.end_date + dt.timedelta(days=1), actor=manager)
    assert err.value.field == "planned_date"
    plan = services.visit_plan_create(campaign=campaign, unit=tree.a.station, category="school", target="城关小学",
                                      planned_date=TODAY(), actor=manager, team=[tree.a.users[Role.CREW]])
    with pytest.raises(DomainError) as err:
        record(campaign, tree, manager, category="village", plan=plan)
    assert err.value.field == "plan"
    visit = record(campaign, tree, manager, category="school", plan=plan)
    plan.refresh_from_db()
    assert plan.visit == visit
