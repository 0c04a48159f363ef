"""The working-time functions against the official calendar (State Council notices as shipped by
chinese-calendar) and their invariants."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wanjia.core import worktime
from wanjia.core.models import CalendarOverride

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=TZ)


@pytest.mark.django_db
class TestOfficialCalendar:
    def test_spring_festival_2026_with_swapped_working_saturdays(self):
        # 国办发明电〔2025〕7号: 15-23 February off; Saturday 14 and Saturday 28 February are working days.
        assert worktime.is_working_day(dt.date(2026, 2, 14))
        assert not any(worktime.is_working_day(dt.date(2026, 2, d)) for d in range(15, 24))
        assert worktime.is_working_day(dt.date(2026, 2, 28))
        assert not worktime.is_working_day(dt.date(2026, 3, 1))

    def test_deadline_counts_from_the_day_after_acceptance(self):
        # Accepted Monday 2026-03-02 10:00; 3 working days end on Thursday 24:00.
        assert worktime.deadline(at(2026, 3, 2, 10), working_days=3) == at(2026, 3, 6)

    def test_deadline_across_the_spring_festival(self):
        # Accepted Friday 13 Feb: day 1 is Saturday 14 (working), then the holiday, then 24, 25, 26 ...
        assert worktime.deadline(at(2026, 2, 13, 16), working_days=1) == at(2026, 2, 15)
        assert worktime.deadline(at(2026, 2, 13, 16), working_days=3) == at(2026, 2, 26)
        # 5 days: 14, 24, 25, 26, 27 → end of Friday 27.
        assert worktime.deadline(at(2026, 2, 13, 16), working_days=5) == at(2026, 2, 28)
        # 6 days lands on the swapped working Saturday 28 February.
        assert worktime.deadline(at(2026, 2, 13, 16), working_days=6) == at(2026, 3, 1)

    def test_acceptance_on_a_holiday_counts_from_the_next_working_day(self):
        # National Day 2026: 1-7 October off, Saturday 10 October worked.
        assert worktime.deadline(at(2026, 10, 3, 9), working_days=1) == at(2026, 10, 9)  # 8 Oct is the 1st
        assert worktime.deadline(at(2026, 10, 3, 9), working_days=3) == at(2026, 10, 11)  # 8, 9, Sat 10

    def test_pauses_extend_the_deadline_by_the_working_time_paused(self):
        start = at(2026, 3, 2, 10)
        paused = [(at(2026, 3, 3), at(2026, 3, 5))]  # Tue and Wed waiting on the customer
        assert worktime.deadline(start, working_days=3, pauses=paused) == at(2026, 3, 10)
        # A pause over a weekend costs nothing.
        weekend = [(at(2026, 3, 7), at(2026, 3, 9))]
        assert worktime.deadline(start, working_days=3, pauses=weekend) == at(2026, 3, 6)

    def test_minutes_run_day_and_night(self):
        assert worktime.deadline(at(2026, 2, 16, 23, 30), minutes=60) == at(2026, 2, 17, 0, 30)

    def test_business_hours_clock(self):
        counter = worktime.business_hours(dt.time(8, 30), dt.time(17, 30))
        # 2 working days of counter time from Friday 13 Feb 16:30 → Thursday 26 Feb... the day of start is not
        # counted, so: end of the 2nd working day after it (Tue 24 Feb) at closing time.
        assert worktime.deadline(at(2026, 2, 13, 16, 30), working_days=2, clock=counter) == at(2026, 2, 24, 17, 30)
        # Elapsed counter time over a working day and a holiday.
        assert worktime.elapsed(at(2026, 2, 13, 16, 30), at(2026, 2, 16, 12), clock=counter) == dt.timedelta(hours=10)

    def test_elapsed_working_days_excludes_holidays_and_pauses(self):
        assert worktime.elapsed_days(at(2026, 2, 13), at(2026, 2, 25)) == 3  # 13, 14, 24
        assert worktime.elapsed_days(at(2026, 2, 13), at(2026, 2, 25), pauses=[(at(2026, 2, 14), at(2026, 2, 24))]) == 2

    def test_override_beats_the_package_but_one_day_does_not_cover_a_year(self):
        year = worktime.get_calendar().covered_until + 1
        monday = next(dt.date(year, 1, d) for d in range(4, 11) if dt.date(year, 1, d).weekday() == 0)
        assert worktime.is_working_day(monday)  # by the provisional fallback
        CalendarOverride.objects.create(date=monday, is_working_day=False, note="test")
        worktime.forget_calendar()
        assert not worktime.is_working_day(monday)
        # Only the year's holiday notice covers it (test_holiday_notice.py).
        assert year in worktime.calendar_gaps(dt.date(year, 12, 31))

    def test_bad_arguments(self):
        with pytest.raises(ValueError):
            worktime.deadline(at(2026, 3, 2), working_days=1, minutes=5)
        with pytest.raises(ValueError):
            worktime.deadline(at(2026, 3, 2), working_days=-1)
        with pytest.raises(ValueError):
            worktime.deadline(dt.datetime(2026, 3, 2), working_days=1)


moments = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31)).map(
    lambda d: d.replace(tzinfo=TZ, microsecond=0))
spans = st.lists(st.tuples(moments, st.integers(0, 10 * 86400)).map(
    lambda p: (p[0], p[0] + dt.timedelta(seconds=p[1]))), max_size=4)


@pytest.mark.django_db
class TestInvariants:
    @settings(max_examples=150, deadline=None)
    @given(start=moments, n=st.integers(0, 60))
    def test_deadline_ends_a_working_day_after_exactly_n_working_days(self, start, n):
        due = worktime.deadline(start, working_days=n)
        assert due >= start
        assert due.astimezone(TZ).time() == dt.time(0) or n == 0
        if n:
            last_day = (due.astimezone(TZ) - dt.timedelta(seconds=1)).date()
            assert worktime.is_working_day(last_day)
            days = [start.date() + dt.timedelta(days=i) for i in range(1, (last_day - start.date()).days + 1)]
            assert sum(worktime.is_working_day(d) for d in days) == n

    @settings(max_examples=150, deadline=None)
    @given(start=moments, n=st.integers(0, 30), m=st.integers(0, 30))
    def test_deadline_is_monotone_in_n(self, start, n, m):
        lo, hi = sorted((n, m))
        assert worktime.deadline(start, working_days=lo) <= worktime.deadline(start, working_days=hi)

    @settings(max_examples=150, deadline=None)
    @given(a=moments, b=moments, c=moments, pauses=spans)
    def test_elapsed_is_additive_and_bounded(self, a, b, c, pauses):
        a, b, c = sorted((a, b, c))
        ab = worktime.elapsed(a, b, pauses=pauses)
        bc = worktime.elapsed(b, c, pauses=pauses)
        assert ab + bc == worktime.elapsed(a, c, pauses=pauses)
        assert dt.timedelta(0) <= ab <= b - a
        assert worktime.elapsed(a, b, pauses=pauses) <= worktime.elapsed(a, b)

    @settings(max_examples=150, deadline=None)
    @given(start=moments, seconds=st.integers(0, 40 * 86400), pauses=spans,
           clock=st.sampled_from([worktime.CALENDAR, worktime.WORKING_DAYS,
                                  worktime.business_hours(dt.time(8, 30), dt.time(17, 30))]))
    def test_add_then_elapsed_round_trips(self, start, seconds, pauses, clock):
        end = worktime.add(start, dt.timedelta(seconds=seconds), clock=clock, pauses=pauses)
        assert end >= start
        assert worktime.elapsed(start, end, clock=clock, pauses=pauses) == dt.timedelta(seconds=seconds)

    @settings(max_examples=100, deadline=None)
    @given(start=moments, n=st.integers(1, 20), pauses=spans)
    def test_pauses_never_bring_a_deadline_forward(self, start, n, pauses):
        assert worktime.deadline(start, working_days=n, pauses=pauses) >= worktime.deadline(start, working_days=n)
