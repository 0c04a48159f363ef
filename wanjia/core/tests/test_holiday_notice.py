"""The holiday calendar beyond the packaged data: provisional years, entering the State Council's notice,
the monitoring command, the administrators' banner, and deadlines shown as the day people read."""
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from wanjia.commitments.models import ConnectionStage as S
from wanjia.connections import services as connections
from wanjia.connections.tests.factories import local, make_application
from wanjia.core import holidays, worktime
from wanjia.core.errors import DomainError
from wanjia.core.models import CalendarOverride, HolidayNotice
from wanjia.core.templatetags.deadlines import deadline
from wanjia.customers.models import CustomerClass
from wanjia.org.models import User

pytestmark = pytest.mark.django_db


def first_uncovered_year() -> int:
    # The first year the installed chinesecalendar does not cover: the tests hold whichever release is installed.
    return worktime.get_calendar().covered_until + 1


def notice_text(year):
    """A notice for `year` built from the law's own holidays, with the Spring Festival stretched to 8 days and
    two swapped working weekends, as real notices do."""
    law = sorted(worktime.statutory_holidays(year))
    spring = [d for d, name in worktime.statutory_holidays(year).items() if name == "春节"]
    stretch = [spring[0] + dt.timedelta(days=i) for i in range(8)]
    days = sorted(set(law) | set(stretch))
    holidays_text = "\n".join(f"{d:%Y-%m-%d}" for d in days if d not in stretch) + \
        f"\n{stretch[0]:%Y-%m-%d} 至 {stretch[-1]:%Y-%m-%d}"
    weekends = [d for d in (stretch[0] - dt.timedelta(days=i) for i in range(1, 8)) if d.weekday() >= 5][:1] + \
               [d for d in (stretch[-1] + dt.timedelta(days=i) for i in range(1, 8)) if d.weekday() >= 5][:1]
    return holidays_text, "\n".join(f"{d:%Y-%m-%d}" for d in weekends), stretch, weekends


def test_statutory_holidays_follow_the_law_and_the_lunar_calendar():
    days = worktime.statutory_holidays(2027)
    assert len(days) == 13
    assert {dt.date(2027, 1, 1), dt.date(2027, 5, 1), dt.date(2027, 5, 2), dt.date(2027, 10, 3)} <= set(days)
    # Spring Festival 2027: lunar new year is 6 February; the eve and the first three days are holidays.
    assert [d for d, n in sorted(days.items()) if n == "春节"] == [dt.date(2027, 2, d) for d in (5, 6, 7, 8)]
    assert days[dt.date(2027, 4, 5)] == "清明节" and days[dt.date(2027, 6, 9)] == "端午节"
    assert days[dt.date(2027, 9, 15)] == "中秋节"


def test_an_uncovered_year_is_provisional_and_skips_the_statutory_holidays(tree):
    year = first_uncovered_year()
    assert year in worktime.uncovered_years() or year > timezone.localdate().year + 1
    new_year = dt.date(year, 1, 1)
    assert not worktime.is_working_day(new_year)  # New Year's Day, even before the notice is entered
    # A limit that runs over New Year's Day does not count it, and says it is provisional.
    start = timezone.make_aware(dt.datetime(year - 1, 12, 30, 10))
    due = worktime.deadline(start, working_days=3)
    assert worktime.last_day(due) > new_year + dt.timedelta(days=2)
    assert worktime.is_provisional(due) and not worktime.is_provisional(start)
    assert "暂定" in worktime.deadline_label(due)
    assert "暂定" in deadline(due)


def test_deadlines_read_as_the_last_day_in_both_languages():
    due = local(2026, 12, 16, 0, 0)  # the end of 15 December
    assert worktime.deadline_label(due) == "12月15日 当日内"
    with translation.override("en"):
        assert worktime.deadline_label(due) == "by December 15"
    assert worktime.deadline_label(local(2026, 12, 16, 9, 30)) == "2026-12-16 09:30"  # a clock-time limit
    assert deadline(None) == "—"


def test_the_notice_is_checked_against_the_law_before_anything_is_saved():
    year = 2031
    with pytest.raises(DomainError, match="春节"):
        holidays.notice_preview(year=year, holidays_text=f"{year}-01-01", working_days_text="")
    text, _, _, _ = notice_text(year)
    with pytest.raises(DomainError, match="本来就上班"):
        holidays.notice_preview(year=year, holidays_text=text, working_days_text=f"{year}-03-05")  # a Wednesday
    with pytest.raises(DomainError, match="不在 2031 年内"):
        holidays.notice_preview(year=year, holidays_text=text + "\n2030-12-31", working_days_text="")
    with pytest.raises(DomainError, match="第 2 行看不懂"):
        holidays.notice_preview(year=year, holidays_text=f"{year}-01-01\n一月一日", working_days_text="")
    with pytest.raises(DomainError, match="不存在"):
        holidays.notice_preview(year=year, holidays_text=f"{year}-02-30", working_days_text="")
    assert not HolidayNotice.objects.exists() and not CalendarOverride.objects.exists()


def test_a_saved_notice_covers_its_year_and_moves_the_open_deadlines(tree, django_capture_on_commit_callbacks):
    year = first_uncovered_year()
    text, weekends_text, stretch, weekends = notice_text(year)
    preview = holidays.notice_preview(year=year, holidays_text=text, working_days_text=weekends_text)
    assert {d for d, was_working, now_working in preview.changed if not now_working} >= {
        d for d in stretch if d.weekday() < 5 and d not in worktime.statutory_holidays(year)}
    assert {d for d, _was, now_working in preview.changed if now_working} == set(weekends)

    # An HV application accepted late in the year before: its supply-plan limit runs into the new year.
    with time_machine.travel(timezone.make_aware(dt.datetime(year - 1, 12, 21, 9)), tick=False):
        app = make_application(tree.a, customer_class=CustomerClass.HV_SINGLE,
                               received_at=timezone.make_aware(dt.datetime(year - 1, 12, 1, 9)))
        connections.stage_finish(application=app, stage=S.ACCEPTANCE, actor=tree.a.users["counter"],
                                 at=timezone.make_aware(dt.datetime(year - 1, 12, 20, 10)))
    plan = app.stages.get(stage=S.SUPPLY_PLAN)
    provisional_due = plan.due_at
    assert worktime.is_provisional(provisional_due)

    with django_capture_on_commit_callbacks(execute=True):
        notice = holidays.notice_save(preview=preview, document="国办发明电〔测试〕1号",
                                      published_on=dt.date(year - 1, 11, 10), source="", actor=None)
    assert year not in worktime.uncovered_years()
    assert notice.days.filter(is_working_day=True).count() == len(weekends)
    plan.refresh_from_db()
    expected = worktime.deadline(plan.started_at, working_days=plan.limit_days)
    assert plan.due_at == expected and not worktime.is_provisional(plan.due_at)

    # Entering the notice again replaces it; removing it makes the year provisional again.
    with django_capture_on_commit_callbacks(execute=True):
        holidays.notice_save(preview=preview, document="国办发明电〔测试〕2号", published_on=dt.date(year - 1, 11, 11),
                             source="", actor=None)
    assert HolidayNotice.objects.get().document.endswith("2号")
    with django_capture_on_commit_callbacks(execute=True):
        holidays.notice_delete(notice=HolidayNotice.objects.get())
    assert not CalendarOverride.objects.exists()
    plan.refresh_from_db()
    assert plan.due_at == provisional_due


def test_the_admin_page_previews_then_saves_only_what_was_previewed(client):
    year = first_uncovered_year()
    admin = User.objects.create_superuser("calendar-root", password="x")
    client.force_login(admin)
    text, weekends_text, _, _ = notice_text(year)
    form = {"year": year, "document": "国办发明电〔测试〕3号", "published_on": f"{year - 1}-11-10",
            "holidays": text, "working_days": weekends_text}
    url = "/admin/core/holidaynotice/enter/"
    page = client.post(url, {**form, "preview": "1"})
    assert page.status_code == 200 and "与暂定日历不同的日期" in page.content.decode()
    digest = page.context["digest"]
    assert not HolidayNotice.objects.exists()
    # An edit after the preview is previewed again, not saved.
    edited = client.post(url, {**form, "working_days": "", "confirm": "1", "previewed": digest})
    assert edited.status_code == 200 and not HolidayNotice.objects.exists()
    saved = client.post(url, {**form, "confirm": "1", "previewed": digest})
    assert saved.status_code == 302 and HolidayNotice.objects.get().year == year
    bad = client.post(url, {**form, "holidays": f"{year}-01-01", "preview": "1"})
    assert "春节" in bad.content.decode() and HolidayNotice.objects.count() == 1


def test_calendar_check_fails_while_next_year_is_missing(capsys):
    year = first_uncovered_year()
    with time_machine.travel(timezone.make_aware(dt.datetime(year - 1, 6, 1, 9)), tick=False):
        with pytest.raises(CommandError, match=f"{year} 年的节假日未录入"):
            call_command("calendar", "check")
        text, weekends_text, _, _ = notice_text(year)
        holidays.notice_save(preview=holidays.notice_preview(year=year, holidays_text=text,
                                                             working_days_text=weekends_text),
                             document="国办发明电〔测试〕4号", published_on=dt.date(year - 1, 5, 1), source="", actor=None)
        worktime.forget_calendar()
        call_command("calendar", "check")
    assert f"覆盖到 {year} 年" in capsys.readouterr().out


def test_only_staff_see_the_calendar_banner(client, tree):
    year = first_uncovered_year()
    with time_machine.travel(timezone.make_aware(dt.datetime(year - 1, 6, 1, 9)), tick=False):
        client.force_login(tree.a.users["manager"])
        assert "尚未录入" not in client.get("/").content.decode()
        client.force_login(User.objects.create_superuser("calendar-root", password="x"))
        page = client.get("/").content.decode()
        assert f"{year} 年的节假日安排尚未录入" in page and "/admin/core/holidaynotice/enter/" in page
