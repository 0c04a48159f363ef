"""A holiday notice entered after an opinion was received moves its answer deadline, as it moves connection
stage deadlines: only working-day deadlines of items not yet answered, never a forum's own date."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from wanjia.core import holidays, worktime
from wanjia.core.testing import page_client
from wanjia.feedback import services
from wanjia.feedback.models import FeedbackItem
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db


def _notice(year: int, extra_holiday: dt.date):
    """The law's holidays for `year` plus one more weekday off, as a notice may give."""
    days = sorted(set(worktime.statutory_holidays(year)) | {extra_holiday})
    return holidays.notice_preview(year=year, holidays_text="\n".join(f"{d:%Y-%m-%d}" for d in days),
                                   working_days_text="")


def test_a_holiday_notice_moves_open_working_day_deadlines(tree, django_capture_on_commit_callbacks):
    year = worktime.get_calendar().covered_until + 1
    counter, manager = tree.a.users[Role.COUNTER], tree.a.users[Role.MANAGER]
    with time_machine.travel(timezone.make_aware(dt.datetime(year - 1, 12, 21, 9)), tick=False):
        item = services.feedback_item_create(channel="counter", content="抄表数与电表不一致", topic="billing",
                                             unit=tree.a.unit, actor=counter)
        answered = services.feedback_item_create(channel="counter", content="营业厅停车难", topic="service",
                                                 unit=tree.a.unit, actor=counter)
        services.feedback_item_answer(item=answered, answer="已协调路边车位", actor=manager)
        own = services.feedback_item_create(channel="counter", content="希望增设缴费点", topic="billing",
                                            unit=tree.a.unit, actor=counter)
        services.feedback_item_assign(item=own, unit=tree.a.unit, actor=manager,
                                      deadline=timezone.make_aware(dt.datetime(year, 1, 20, 18)))
    item.refresh_from_db()
    # 10 working days from 21 December run into the new year, counted provisionally.
    assert item.deadline_working_days == 10 and item.deadline.year == year and worktime.is_provisional(item.deadline)
    first_day = worktime.last_day(item.deadline)
    extra = next(d for d in (dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(1, 20))
                 if d < first_day and worktime.is_working_day(d))
    before = {i.pk: i.deadline for i in FeedbackItem.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        holidays.notice_save(preview=_notice(year, extra), document="国办发明电〔测试〕1号",
                             published_on=dt.date(year - 1, 11, 10), source="", actor=None)

    item.refresh_from_db()
    expected = worktime.deadline(item.received_at, working_days=10)
    assert worktime.last_day(expected) > first_day  # one working day fewer in the window: a day later
    assert item.deadline == expected and not worktime.is_provisional(item.deadline)
    # The one who answers reads the new last day on the item's page, no longer marked provisional.
    page = page_client(manager).get(f"/feedback/items/{item.pk}/").content.decode()
    assert worktime.deadline_label(expected) in page and "暂定" not in page.split("答复期限")[1][:200]
    # An answered item and a deadline someone set by hand keep theirs.
    assert FeedbackItem.objects.get(pk=answered.pk).deadline == before[answered.pk]
    assert FeedbackItem.objects.get(pk=own.pk).deadline == before[own.pk]
    assert FeedbackItem.objects.get(pk=own.pk).deadline_working_days is None

    # Removing the notice makes the year provisional again, and the deadline with it.
    with django_capture_on_commit_callbacks(execute=True):
        holidays.notice_delete(notice=holidays.HolidayNotice.objects.get())
    item.refresh_from_db()
    assert item.deadline == before[item.pk]


def test_reassignment_keeps_the_deadline_and_how_it_is_counted(tree):
    counter, manager = tree.a.users[Role.COUNTER], tree.a.users[Role.MANAGER]
    item = services.feedback_item_create(channel="counter", content="电压低", topic="supply_quality",
                                         unit=tree.a.unit, actor=counter)
    deadline = item.deadline
    services.feedback_item_assign(item=item, unit=tree.a.rural_station, actor=manager)
    item.refresh_from_db()
    assert item.deadline == deadline and item.deadline_working_days == 10
