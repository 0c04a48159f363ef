"""Answered is not resolved: an opinion is resolved when the work linked to it is done, or a manager records
why it is resolved anyway; the hot-issues view shows both rates; users see and link only their own units."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from wanjia.core.errors import DomainError
from wanjia.core.testing import api_client
from wanjia.feedback import services
from wanjia.feedback.models import FeedbackStatus
from wanjia.feedback.selectors import hot_issues, hot_topics
from wanjia.org.models import Role
from wanjia.outreach import services as outreach
from wanjia.outreach.models import HazardSide, Severity


def _told_back(tree, content="上寨村晚高峰电压低"):
    counter = tree.a.users[Role.COUNTER]
    item = services.feedback_item_create(channel="hotline", content=content, topic="supply_quality",
                                         unit=tree.a.rural_station, phone="13800001111")
    services.feedback_item_answer(item=item, answer="已列入台区改造计划", actor=counter)
    services.feedback_item_deliver(item=item, method="phone", actor=counter)
    return item


def _hazard(county, manager, owner):
    return outreach.hazard_raise(unit=county.unit, description="台区低电压", severity=Severity.MAJOR,
                                 side=HazardSide.UTILITY, found_on=timezone.localdate(), actor=manager, owner=owner,
                                 deadline=timezone.localdate(), measures="增容改造")


def _close(hazard, doer, checker):
    outreach.hazard_rectify(hazard=hazard, actor=doer, note="已增容")
    outreach.hazard_verify(hazard=hazard, actor=checker, passed=True)
    outreach.hazard_close(hazard=hazard, actor=checker)


def test_resolved_needs_the_linked_work_done(tree):
    manager, counter, crew = (tree.a.users[r] for r in (Role.MANAGER, Role.COUNTER, Role.CREW))
    item = _told_back(tree)
    hazard = _hazard(tree.a, manager, crew)
    services.feedback_item_link(item=item, kind="hazard", reference=hazard.number, actor=counter)
    with pytest.raises(DomainError) as err:
        services.feedback_item_link(item=item, kind="hazard", reference=hazard.number, actor=counter)
    assert err.value.field == "reference"
    with pytest.raises(DomainError) as err:  # the hazard is still being rectified
        services.feedback_item_resolve(item=item, actor=counter)
    assert err.value.code == "work_not_done"
    _close(hazard, crew, manager)
    services.feedback_item_resolve(item=item, actor=counter)
    item.refresh_from_db()
    assert item.status == FeedbackStatus.RESOLVED and item.resolved_by == counter and not item.resolution_reason
    [group] = hot_issues(user=manager)
    assert (group["answered"], group["resolved"], group["share_resolved"]) == (1, 1, 1.0)


def test_without_done_work_only_a_manager_with_a_reason_resolves(tree):
    manager, counter = tree.a.users[Role.MANAGER], tree.a.users[Role.COUNTER]
    item = _told_back(tree)
    other = _told_back(tree, "乙村缴费远")
    with pytest.raises(DomainError):
        services.feedback_item_resolve(item=item, actor=counter)
    with pytest.raises(DomainError) as err:
        services.feedback_item_resolve(item=item, actor=manager, reason=" ")
    assert err.value.code == "reason_required"
    services.feedback_item_resolve(item=item, actor=manager, reason="线路已于上月改造,回访电压正常")
    item.refresh_from_db()
    assert item.status == FeedbackStatus.RESOLVED and item.resolution_reason.startswith("线路")
    groups = hot_issues(user=manager)
    [topic] = hot_topics(groups)
    assert (topic["total"], topic["answered"], topic["resolved"]) == (2, 2, 1)
    assert topic["share_answered"] == 1.0 and topic["share_resolved"] == 0.5
    assert other.status == FeedbackStatus.DELIVERED


def test_an_answer_not_told_back_cannot_be_resolved(tree):
    manager = tree.a.users[Role.MANAGER]
    item = services.feedback_item_create(channel="hotline", content="电压低", topic="supply_quality",
                                         unit=tree.a.rural_station)
    services.feedback_item_answer(item=item, answer="处理中", actor=manager)
    with pytest.raises(DomainError) as err:
        services.feedback_item_resolve(item=item, actor=manager, reason="已处理")
    assert err.value.code == "illegal_transition"


def test_links_and_resolution_keep_to_the_scope(tree):
    item = _told_back(tree)
    b_manager = tree.b.users[Role.MANAGER]
    b_hazard = _hazard(tree.b, b_manager, tree.b.users[Role.CREW])
    with pytest.raises(DomainError) as err:  # county A cannot reach county B's hazard
        services.feedback_item_link(item=item, kind="hazard", reference=b_hazard.number,
                                    actor=tree.a.users[Role.COUNTER])
    assert err.value.field == "reference"
    with pytest.raises(PermissionDenied):
        services.feedback_item_resolve(item=item, actor=b_manager, reason="越权")
    with pytest.raises(PermissionDenied):
        services.feedback_item_link(item=item, kind="hazard", reference=b_hazard.number, actor=b_manager)
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DELIVERED and not item.links.exists()


def test_api_links_a_task_and_resolves(tree):
    from wanjia.campaign.services import task_complete, task_create
    from wanjia.campaign.testing import make_campaign

    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    task = task_create(phase=campaign.phases.first(), unit=tree.a.unit, title="上寨村台区改造", owner=manager,
                       due_date=timezone.localdate(), actor=manager)
    item = _told_back(tree)
    client = api_client(tree.a.users[Role.COUNTER])
    assert api_client(tree.b.users[Role.MANAGER]).post(
        f"/api/v1/feedback/items/{item.pk}/link/", {"kind": "task", "reference": str(task.pk)},
        format="json").status_code == 404
    bad = client.post(f"/api/v1/feedback/items/{item.pk}/link/", {"kind": "task", "reference": "x"}, format="json")
    assert bad.status_code == 400 and "reference" in bad.json()["fields"]
    linked = client.post(f"/api/v1/feedback/items/{item.pk}/link/", {"kind": "task", "reference": str(task.pk)},
                         format="json")
    assert linked.status_code == 200 and linked.json()["links"][0]["done"] is False
    refused = client.post(f"/api/v1/feedback/items/{item.pk}/resolve/", {}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    task_complete(task=task, actor=manager, note="已完成改造")
    done = client.post(f"/api/v1/feedback/items/{item.pk}/resolve/", {}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    assert done.json()["links"][0]["done"] is True


def test_item_page_links_work_and_hot_page_shows_both_rates(client, tree):
    from wanjia.portal.tests.text import page_text, zh

    manager = tree.a.users[Role.MANAGER]
    item = _told_back(tree)
    hazard = _hazard(tree.a, manager, tree.a.users[Role.CREW])
    client.force_login(manager)
    missing = client.post(f"/feedback/items/{item.pk}/links/", {"kind": "hazard", "reference": "NOPE"})
    assert missing.status_code == 400 and zh("找不到") in page_text(missing)
    page = client.post(f"/feedback/items/{item.pk}/links/", {"kind": "hazard", "reference": hazard.number})
    assert page.status_code == 200 and hazard.number in page_text(page) and zh("未完成") in page_text(page)
    resolved = client.post(f"/feedback/items/{item.pk}/action/", {"reason": "回访确认电压正常"})
    assert resolved.status_code == 200
    item.refresh_from_db()
    assert item.status == FeedbackStatus.RESOLVED
    hot = page_text(client.get("/feedback/hot/"))
    assert zh("答复率") in hot and zh("解决率") in hot
    client.force_login(tree.b.users[Role.MANAGER])
    assert client.get(f"/feedback/items/{item.pk}/").status_code == 404
