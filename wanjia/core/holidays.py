"""Entering a year's holiday notice: parse the State Council's spans, preview what changes, then save.

The notice is read as two lists, as the notice itself is written: holiday spans ("1月1日至3日放假") and the
swapped working days ("1月4日(周日)上班"). Saving replaces any earlier notice for the year in one
transaction and tells the apps that store deadlines to recompute the open ones (`calendar_changed`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from wanjia.core import worktime
from wanjia.core.errors import DomainError
from wanjia.core.models import CalendarOverride, HolidayNotice

# Sent after a notice is saved or removed, with `year`: apps that store deadlines recompute the open ones.
calendar_changed = Signal()

_SPAN = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:(?:~|～|至|到|--|—|–)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*$")


@dataclass
class NoticePreview:
    year: int
    holidays: list[dt.date]
    working_days: list[dt.date]
    changed: list[tuple[dt.date, bool, bool]] = field(default_factory=list)  # (day, provisional, notice)
    months: list[tuple[int, int, int]] = field(default_factory=list)  # (month, provisional count, notice count)


def _parse_day(text: str, line: int, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise DomainError(_("%(what)s第 %(n)d 行:日期 %(d)s 不存在。") % {"what": what, "n": line, "d": text},
                          code="bad_date") from None


def parse_spans(text: str, *, what: str, spans: bool) -> list[dt.date]:
    """Days from lines of `YYYY-MM-DD` or, where `spans`, `YYYY-MM-DD ~ YYYY-MM-DD` (至, 到 also read)."""
    days: list[dt.date] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _SPAN.match(raw)
        if not match or (match.group(2) and not spans):
            raise DomainError(_("%(what)s第 %(n)d 行看不懂:%(t)s(应为 2027-01-01%(s)s)")
                              % {"what": what, "n": n, "t": raw.strip()[:40], "s": " 至 2027-01-03" if spans else ""},
                              code="bad_line")
        first = _parse_day(match.group(1), n, what)
        last = _parse_day(match.group(2), n, what) if match.group(2) else first
        if last < first:
            raise DomainError(_("%(what)s第 %(n)d 行:结束日期早于开始日期。") % {"what": what, "n": n}, code="bad_span")
        days.extend(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return sorted(set(days))


def notice_preview(*, year: int, holidays_text: str, working_days_text: str) -> NoticePreview:
    """Check the notice against the law and the calendar, and say what it changes. Raises DomainError."""
    holidays = parse_spans(holidays_text, what=_("放假日期"), spans=True)
    working = parse_spans(working_days_text, what=_("调休上班日期"), spans=False)
    if not holidays:
        raise DomainError(_("请填写放假日期。"), code="no_holidays", field="holidays")
    for day in holidays + working:
        if day.year != year:
            raise DomainError(_("%(d)s 不在 %(y)d 年内。") % {"d": day, "y": year}, code="wrong_year")
    if both := set(holidays) & set(working):
        raise DomainError(_("%(d)s 既是放假日又是上班日。") % {"d": min(both)}, code="both")
    for day in working:
        if day.weekday() < 5:
            raise DomainError(_("%(d)s 是周一至周五,本来就上班,不是调休上班日。") % {"d": day}, code="not_weekend")
    missing = sorted(set(worktime.statutory_holidays(year)) - set(holidays))
    if missing:
        names = worktime.statutory_holidays(year)
        raise DomainError(_("法定节假日 %(d)s(%(name)s)不在放假日期内,请核对通知。")
                          % {"d": missing[0], "name": names[missing[0]]}, code="statutory_missing", field="holidays")
    preview = NoticePreview(year, holidays, working)
    provisional = worktime.WorkCalendar(last_year=year)
    with_notice = worktime.WorkCalendar({**{d: False for d in holidays}, **{d: True for d in working}},
                                        last_year=year, notice_years=[year])
    counts: dict[int, list[int]] = {m: [0, 0] for m in range(1, 13)}
    day = dt.date(year, 1, 1)
    while day.year == year:
        before, after = provisional._is_working(day), with_notice._is_working(day)
        counts[day.month][0] += before
        counts[day.month][1] += after
        if before != after:
            preview.changed.append((day, before, after))
        day += dt.timedelta(days=1)
    preview.months = [(m, a, b) for m, (a, b) in counts.items()]
    return preview


@transaction.atomic
def notice_save(*, preview: NoticePreview, document: str, published_on: dt.date, source: str,
                actor) -> HolidayNotice:
    """Store the notice and its days, replacing an earlier notice for the year and any single-day override
    it covers."""
    if preview.year <= worktime.get_calendar().covered_until:
        raise DomainError(_("%(y)d 年已由官方日历数据覆盖,无需录入;个别日期请用“工作日历调整”。") % {"y": preview.year},
                          code="covered")
    HolidayNotice.objects.filter(year=preview.year).delete()
    notice = HolidayNotice(year=preview.year, document=document, published_on=published_on, source=source,
                           entered_by=actor)
    notice.full_clean()
    notice.save()
    days = {**{d: False for d in preview.holidays}, **{d: True for d in preview.working_days}}
    CalendarOverride.objects.filter(date__in=days).delete()
    CalendarOverride.objects.bulk_create(
        CalendarOverride(date=d, is_working_day=w, note=document[:200], notice=notice) for d, w in sorted(days.items()))
    _changed(preview.year)
    return notice


def _changed(year: int) -> None:
    def after_commit():
        worktime.forget_calendar()
        calendar_changed.send(sender=HolidayNotice, year=year)

    worktime.forget_calendar()  # this transaction reads its own days
    transaction.on_commit(after_commit)


@transaction.atomic
def notice_delete(*, notice: HolidayNotice) -> None:
    year = notice.year
    notice.delete()
    _changed(year)
