import datetime as dt

import pytest
from django.utils import timezone

from wanjia.campaign.testing import make_campaign
from wanjia.commitments.services import other_limit_deadline
from wanjia.core.errors import DomainError
from wanjia.feedback import services
from wanjia.feedback.models import FeedbackEvent, FeedbackItem, FeedbackStatus
from wanjia.feedback.selectors import hot_issues, hot_topics
from wanjia.feedback.tick import run as tick
from wanjia.notifications.models import Notification
from wanjia.org.models import Role


@pytest.fixture
def forum(tree):
    manager = tree.a.users[Role.MANAGER]
    campaign = make_campaign(tree.a.unit, manager)
    return services.forum_create(unit=tree.a.unit, title="十一月客户座谈会", date=timezone.localdate(),
                                 place="县公司会议室", actor=manager, campaign=campaign)


def test_forum_opinion_to_answer_to_delivery(tree, forum):
    manager, counter = tree.a.users[Role.MANAGER], tree.a.users[Role.COUNTER]
    services.forum_record_held(forum=forum, minutes="听取客户意见 12 条", actor=manager,
                               attendees=[("张三", "resident", None), ("某水泥厂", "enterprise", None)])
    item = services.forum_opinion_record(forum=forum, content="上寨村晚高峰电压低", topic="supply_quality",
                                         unit=tree.a.rural_station, actor=manager, name="张三", phone="13800001111")
    assert item.status == FeedbackStatus.ASSIGNED and item.unit == tree.a.rural_station
    assert item.deadline == other_limit_deadline("complaint_reply", item.received_at)
    services.feedback_item_answer(item=item, answer="已列入台区改造计划,12月底前完成", actor=counter)
    services.feedback_item_deliver(item=item, method="phone", actor=counter, note="电话告知本人,表示满意")
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DELIVERED and item.delivery_method == "phone"
    assert list(item.events.values_list("to_status", flat=True)) == ["received", "assigned", "answered", "delivered"]
    assert forum.attendees.count() == 2


def test_forum_sets_its_own_deadline(tree, forum):
    deadline = timezone.now() + dt.timedelta(days=30)
    item = services.forum_opinion_record(forum=forum, content="希望增设缴费点", topic="billing", unit=tree.a.unit,
                                         actor=tree.a.users[Role.MANAGER], deadline=deadline)
    assert item.deadline == deadline


def test_forum_item_without_unit_is_refused(tree, forum):
    with pytest.raises(DomainError) as err:
        services.forum_opinion_record(forum=forum, content="意见", topic="other", unit=None,
                                      actor=tree.a.users[Role.MANAGER])
    assert err.value.field == "unit" and "责任单位" in err.value.message
    with pytest.raises(DomainError) as err:
        services.feedback_item_create(channel="forum", content="意见")
    assert err.value.field == "unit"
    assert not FeedbackItem.objects.exists()


def test_cannot_deliver_before_answer(tree, forum):
    item = services.forum_opinion_record(forum=forum, content="意见", topic="other", unit=tree.a.unit,
                                         actor=tree.a.users[Role.MANAGER])
    with pytest.raises(DomainError) as err:
        services.feedback_item_deliver(item=item, method="visit", actor=tree.a.users[Role.MANAGER])
    assert err.value.code == "illegal_transition"


def test_portal_item_waits_for_triage_then_deadline_counts_from_receipt(tree):
    item = services.feedback_item_create(channel="portal", content="网上缴费总是失败", phone="13900002222")
    assert item.status == FeedbackStatus.RECEIVED and item.unit is None and item.deadline is None
    assert item.queue_unit == tree.province  # the provincial office triages anonymous items
    assert not FeedbackItem.objects.restrict(tree.a.users[Role.MANAGER]).exists()
    with pytest.raises(DomainError) as err:
        services.feedback_item_assign(item=item, unit=tree.a.unit, actor=tree.province_manager)
    assert err.value.field == "topic"
    services.feedback_item_assign(item=item, unit=tree.a.unit, actor=tree.province_manager, topic="billing")
    item.refresh_from_db()
    assert item.deadline == other_limit_deadline("complaint_reply", item.received_at)
    assert FeedbackItem.objects.restrict(tree.a.users[Role.MANAGER]).get() == item
    assert not FeedbackItem.objects.restrict(tree.b.users[Role.MANAGER]).exists()


def test_counter_item_with_unit_is_assigned_at_once(tree):
    counter = tree.a.users[Role.COUNTER]
    item = services.feedback_item_create(channel="counter", content="营业厅排队时间长", topic="服务态度与窗口服务",
                                         name="李四", unit=tree.a.hall, actor=counter)
    assert item.status == FeedbackStatus.ASSIGNED and item.topic.code == "service"
    assert item.created_by == counter


def test_bad_input(tree):
    with pytest.raises(DomainError) as err:
        services.feedback_item_create(channel="fax", content="x")
    assert err.value.field == "channel"
    with pytest.raises(DomainError) as err:
        services.feedback_item_create(channel="web", content="  ")
    assert err.value.field == "content"
    with pytest.raises(DomainError) as err:
        services.feedback_item_create(channel="web", content="x", topic="weather")
    assert err.value.field == "topic"
    item = services.feedback_item_create(channel="web", content="x", unit=tree.a.unit, topic="other")
    services.feedback_item_answer(item=item, answer="答复", actor=tree.a.users[Role.MANAGER])
    with pytest.raises(DomainError) as err:  # no phone number to call back
        services.feedback_item_deliver(item=item, method="sms", actor=tree.a.users[Role.MANAGER])
    assert err.value.field == "method"


def test_overdue_items_escalate_once(tree):
    item = services.feedback_item_create(channel="hotline", content="停电未通知", topic="outage", unit=tree.a.station)
    later = item.deadline + dt.timedelta(minutes=1)
    assert tick(later) == {"feedback_escalated": 1}
    assert tick(later) == {"feedback_escalated": 0}
    assert Notification.objects.filter(kind="feedback_overdue", recipient=tree.a.users[Role.MANAGER]).count() == 1
    assert FeedbackEvent.objects.filter(item=item, data__escalated=True).count() == 1


def test_hot_issues_group_by_topic_and_area(tree):
    manager = tree.a.users[Role.MANAGER]
    for i in range(3):
        item = services.feedback_item_create(channel="hotline", content=f"电压低{i}", topic="supply_quality",
                                             unit=tree.a.rural_station)
    services.feedback_item_answer(item=item, answer="已处理", actor=manager)
    services.feedback_item_deliver(item=item, method="visit", actor=manager)
    services.feedback_item_create(channel="counter", content="排队", topic="service", unit=tree.a.hall)
    services.feedback_item_create(channel="counter", content="乙县电压低", topic="supply_quality", unit=tree.b.station)
    groups = hot_issues(user=manager)
    top = groups[0]
    # Told back is "answered", not "resolved": the problem itself is not known to be fixed.
    assert (top["topic"], top["unit"], top["total"], top["answered"], top["resolved"]) == (
        "供电质量(低电压、频繁停电)", tree.a.rural_station.name, 3, 1, 0)
    assert sum(g["total"] for g in groups) == 4  # county B's item is not counted
    topics = hot_topics(groups)
    assert (topics[0]["topic_id"], topics[0]["total"], topics[0]["answered"], topics[0]["resolved"],
            topics[0]["areas"]) == (item.topic_id, 3, 1, 0, 1)
