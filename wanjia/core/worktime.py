"""The one working-time function set: deadlines and elapsed working time on the official Chinese calendar.

Three clocks:
- `CALENDAR`: every second counts (repair arrival limits: N minutes, day and night);
- `WORKING_DAYS`: whole working days count, as the statutory time limits do. Holidays and weekends do not;
  the swapped working weekends (调休上班) do. `deadline(start, days=N)` is the end of the Nth working day
  after the start day: the start day's remainder counts as part of the budget only if it is itself a
  working day, so "accepted Monday 10:00, 3 working days" ends at Thursday 24:00;
- `business_hours(...)`: working days between opening and closing times (counter service).

Working days come from `chinese_calendar` (the State Council's notices), overridden by
`core.CalendarOverride` rows: single days an administrator enters, or the days of a year's holiday notice
(`core.HolidayNotice`) entered when the State Council publishes it before the package is updated. A year
that neither covers is *provisional*: Monday to Friday less the statutory holidays whose dates follow from
the law alone (`statutory_holidays`), without the swapped working days that only the notice fixes.
`calendar_gaps()` names those years so the UI can warn and mark the deadlines that fall in them.

Every function takes and returns aware datetimes; days are cut at local midnight (settings.TIME_ZONE).
Paused spans (clock stopped while waiting on the customer) are (start, end) pairs; they may overlap.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import threading
import time
from dataclasses import dataclass
from typing import Iterable, Sequence

import chinese_calendar
from django.utils import timezone
from lunardate import LunarDate

DAY = 86400
Span = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Clock:
    """Which part of each day counts. `opens`/`closes` are seconds after midnight."""

    name: str
    working_days_only: bool
    opens: int = 0
    closes: int = DAY

    @property
    def seconds_per_day(self) -> int:
        return self.closes - self.opens


CALENDAR = Clock("calendar", working_days_only=False)
WORKING_DAYS = Clock("working_days", working_days_only=True)


def business_hours(opens: dt.time, closes: dt.time) -> Clock:
    o = opens.hour * 3600 + opens.minute * 60
    c = closes.hour * 3600 + closes.minute * 60
    if not 0 <= o < c <= DAY:
        raise ValueError("opening time must be before closing time")
    return Clock(f"business_hours_{opens:%H%M}_{closes:%H%M}", True, o, c)


@functools.lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The public holidays of a year as the law fixes them (全国年节及纪念日放假办法, 2024 revision: 13 days),
    before any notice moves days around: New Year's Day, Spring Festival eve to the 3rd day of the first
    lunar month, Qingming (the solar term), Labour Day (1-2 May), Dragon Boat (5/5 lunar), Mid-Autumn
    (15/8 lunar), National Day (1-3 October)."""
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    for offset in range(-1, 3):
        days[new_year + dt.timedelta(days=offset)] = "春节"
    days.update({d: "清明节" for d, name in chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
                 if name == "清明"})
    days.update({dt.date(year, 5, 1): "劳动节", dt.date(year, 5, 2): "劳动节"})
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    days.update({dt.date(year, 10, d): "国庆节" for d in (1, 2, 3)})
    return days


class WorkCalendar:
    """Working days as a sorted array of ordinals, so counting and stepping are bisections, not loops."""

    FIRST_YEAR = 2004
    YEARS_AHEAD = 10

    def __init__(self, overrides: dict[dt.date, bool] | None = None, last_year: int | None = None,
                 notice_years: Iterable[int] = ()):
        self.overrides = dict(overrides or {})
        self.covered_until = max(d.year for d in chinese_calendar.holidays)
        self.notice_years = frozenset(notice_years)
        last = last_year or max(dt.date.today().year, self.covered_until) + self.YEARS_AHEAD
        self.first = dt.date(self.FIRST_YEAR, 1, 1).toordinal()
        self.last = dt.date(last, 12, 31).toordinal()
        self.workdays: list[int] = [
            o for o in range(self.first, self.last + 1) if self._is_working(dt.date.fromordinal(o))
        ]

    def _is_working(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year <= self.covered_until:
            return chinese_calendar.is_workday(day)
        if day.year in self.notice_years:
            return day.weekday() < 5  # the notice's overrides hold its holidays and swapped days
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def is_provisional(self, day: dt.date) -> bool:
        """True for a day whose year neither the official data nor an entered notice covers."""
        return day.year > self.covered_until and day.year not in self.notice_years

    def is_working_day(self, day: dt.date) -> bool:
        o = day.toordinal()
        if not self.first <= o <= self.last:
            return self._is_working(day)
        i = bisect.bisect_left(self.workdays, o)
        return i < len(self.workdays) and self.workdays[i] == o

    def working_days_before(self, ordinal: int) -> int:
        """How many working days fall strictly before this ordinal."""
        self._check(ordinal)
        return bisect.bisect_left(self.workdays, ordinal)

    def nth_working_day_from(self, ordinal: int, n: int) -> int:
        """The ordinal of the nth working day on or after `ordinal` (n = 1 is the first)."""
        self._check(ordinal)
        index = bisect.bisect_left(self.workdays, ordinal) + n - 1
        if index >= len(self.workdays):
            raise ValueError("date beyond the working-day calendar")
        return self.workdays[index]

    def _check(self, ordinal: int) -> None:
        if not self.first <= ordinal <= self.last + 1:
            raise ValueError(f"{dt.date.fromordinal(ordinal)} is outside the working-day calendar")


_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None
CACHE_SECONDS = 300


def get_calendar() -> WorkCalendar:
    """The calendar with the database's overrides, rebuilt at most every few minutes or when they change."""
    global _cached
    with _lock:
        if _cached is None or time.monotonic() - _cached[0] > CACHE_SECONDS:
            from wanjia.core.models import CalendarOverride, HolidayNotice

            overrides = dict(CalendarOverride.objects.values_list("date", "is_working_day"))
            notice_years = HolidayNotice.objects.values_list("year", flat=True)
            _cached = (time.monotonic(), WorkCalendar(overrides, notice_years=notice_years))
        return _cached[1]


def forget_calendar(**_kwargs) -> None:
    global _cached
    with _lock:
        _cached = None


def calendar_gaps(until: dt.date) -> list[int]:
    """Years up to `until` that neither the official data nor an entered holiday notice covers."""
    cal = get_calendar()
    return [y for y in range(cal.covered_until + 1, until.year + 1) if y not in cal.notice_years]


def deadline_label(moment: dt.datetime | None) -> str:
    """A deadline as people read it, in the active language: a working-day limit that ends at 24:00 reads
    "12月15日 当日内" / "by 15 December" (not the next day's 00:00); a clock-time limit reads its local time.
    A deadline in a year the calendar does not cover yet says it is provisional."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    if moment is None:
        return ""
    local = _local(moment)
    if local.time() == dt.time(0):
        day = last_day(moment)
        shown = date_format(day, "MONTH_DAY_FORMAT" if day.year == timezone.localdate().year else "DATE_FORMAT")
        text = _("%(day)s 当日内") % {"day": shown}
    else:
        text = f"{local:%Y-%m-%d %H:%M}"
    if is_provisional(moment):
        text += _("(暂定)")
    return text


def uncovered_years() -> list[int]:
    """This year and next, where not covered: what administrators must enter (the notice for next year
    usually comes out in November or December)."""
    return calendar_gaps(dt.date(timezone.localdate().year + 1, 12, 31))


def is_provisional(moment: dt.datetime | dt.date) -> bool:
    """Whether a deadline (an instant, or a day) falls in a year the calendar does not cover yet."""
    day = last_day(moment) if isinstance(moment, dt.datetime) else moment
    return get_calendar().is_provisional(day)


def last_day(moment: dt.datetime) -> dt.date:
    """The day a deadline instant belongs to as people read it: a working-day limit ends at 24:00, stored
    as the next day's 00:00, which is still "by the end of" the day before."""
    local = _local(moment)
    if local.time() == dt.time(0):
        return local.date() - dt.timedelta(days=1)
    return local.date()


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)


# --- counting -------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _zone():
    # Looked up once: timezone.localtime() resolves the zone on every call, which dominated deadline maths.
    return timezone.get_default_timezone()


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("working-time functions need aware datetimes")
    return moment.astimezone(_zone())


def _split(moment: dt.datetime) -> tuple[int, int]:
    """(day ordinal, seconds after local midnight)."""
    local = _local(moment)
    secs = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
    return local.toordinal(), secs


def _at(ordinal: int, seconds: float) -> dt.datetime:
    base = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time())
    return (base + dt.timedelta(seconds=seconds)).replace(tzinfo=_zone())


def _counted_before(clock: Clock, cal: WorkCalendar, moment: dt.datetime) -> float:
    """Counted seconds from the calendar's origin to `moment` (a monotone map; differences are elapsed)."""
    ordinal, secs = _split(moment)
    in_day = min(max(secs - clock.opens, 0), clock.seconds_per_day)
    if not clock.working_days_only:
        return (ordinal - cal.first) * DAY + secs
    days = cal.working_days_before(ordinal)
    today = in_day if cal.is_working_day(dt.date.fromordinal(ordinal)) else 0
    return days * clock.seconds_per_day + today


def _moment_at(clock: Clock, cal: WorkCalendar, counted: float) -> dt.datetime:
    """The earliest moment at which `_counted_before` reaches `counted` (inverse of the map above)."""
    if not clock.working_days_only:
        whole, rest = divmod(counted, DAY)
        return _at(cal.first + int(whole), rest)
    per_day = clock.seconds_per_day
    whole, rest = divmod(counted, per_day)
    whole = int(whole)
    if rest == 0 and whole > 0:
        # Exactly a whole number of days: the end of the last one, not the start of the next.
        return _at(cal.workdays[whole - 1], clock.closes)
    return _at(cal.workdays[whole], clock.opens + rest)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[list[dt.datetime]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def elapsed(start: dt.datetime, end: dt.datetime, *, clock: Clock = WORKING_DAYS,
            pauses: Sequence[Span] = ()) -> dt.timedelta:
    """Counted time between two instants on `clock`, minus the paused spans. Zero if end <= start."""
    if end <= start:
        return dt.timedelta(0)
    cal = get_calendar()
    total = _counted_before(clock, cal, end) - _counted_before(clock, cal, start)
    for p_start, p_end in _merge(pauses):
        lo, hi = max(p_start, start), min(p_end, end)
        if hi > lo:
            total -= _counted_before(clock, cal, hi) - _counted_before(clock, cal, lo)
    return dt.timedelta(seconds=total)


def elapsed_days(start: dt.datetime, end: dt.datetime, *, pauses: Sequence[Span] = ()) -> float:
    """Elapsed working days (fractional) between two instants, minus pauses."""
    return elapsed(start, end, clock=WORKING_DAYS, pauses=pauses).total_seconds() / DAY


def add(start: dt.datetime, amount: dt.timedelta, *, clock: Clock = WORKING_DAYS,
        pauses: Sequence[Span] = ()) -> dt.datetime:
    """The instant at which `amount` of counted time has passed since `start`, the clock stopped while
    paused."""
    if amount < dt.timedelta(0):
        raise ValueError("amount must not be negative")
    cal = get_calendar()
    origin = _counted_before(clock, cal, start)
    remaining = amount.total_seconds()
    cursor = start
    for p_start, p_end in _merge(pauses):
        if p_end <= cursor:
            continue
        p_start = max(p_start, cursor)
        available = _counted_before(clock, cal, p_start) - origin
        if available >= remaining:
            break
        remaining -= available
        cursor = p_end
        origin = _counted_before(clock, cal, cursor)
    if remaining == 0:
        return cursor
    return max(cursor, _moment_at(clock, cal, origin + remaining))


def deadline(start: dt.datetime, *, working_days: int | None = None, minutes: int | None = None,
             calendar_days: int | None = None, clock: Clock | None = None,
             pauses: Sequence[Span] = ()) -> dt.datetime:
    """`start + N working days`, `start + N minutes` (calendar time), or `start + N calendar days`.

    Working days follow the statutory reading: the day of `start` is not counted, the deadline is the end
    of the Nth working day after it (`clock=business_hours(...)` makes it that day's closing time).
    Minutes and calendar days run day and night unless another clock is given."""
    given = [v is not None for v in (working_days, minutes, calendar_days)]
    if sum(given) != 1:
        raise ValueError("give exactly one of working_days, minutes, calendar_days")
    if working_days is not None:
        if working_days < 0:
            raise ValueError("working_days must not be negative")
        clock = clock or WORKING_DAYS
        cal = get_calendar()
        # Start the count at the end of the start day: the day of acceptance is not counted.
        ordinal, _secs = _split(start)
        counted_start_of_next = cal.working_days_before(ordinal + 1) * clock.seconds_per_day
        budget = counted_start_of_next - _counted_before(clock, cal, start) + working_days * clock.seconds_per_day
        return add(start, dt.timedelta(seconds=budget), clock=clock, pauses=pauses)
    if minutes is not None:
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        return add(start, dt.timedelta(minutes=minutes), clock=clock or CALENDAR, pauses=pauses)
    if calendar_days < 0:
        raise ValueError("calendar_days must not be negative")
    return add(start, dt.timedelta(days=calendar_days), clock=clock or CALENDAR, pauses=pauses)
