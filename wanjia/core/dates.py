"""The one reader of dates in query strings (report periods, list filters, API figures, Open311 windows).

A date outside EARLIEST..LATEST is refused with a field message: such a date is always a typo or a probe, and
near the ends of Python's calendar (year 1 or 9999) shifting a period by a year or converting it to UTC
overflows. Forms use `QueryDateField`, FilterSets `QueryDateFilter`, serializers `QueryDateSerializerField`,
and views reading `request.GET` by hand call `parse_query_date` / `parse_query_month` /
`parse_query_datetime`; all of them end in `check_query_date`."""
import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework import serializers

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2099, 12, 31)


def check_query_date(value: dt.date | dt.datetime) -> None:
    """Validator: the date (or the local date of a datetime) lies within EARLIEST..LATEST."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(_("日期必须在 %(a)s 至 %(b)s 之间。") % {"a": EARLIEST, "b": LATEST},
                              code="date_out_of_range")


def _refuse(field: str, message: str):
    return ValidationError({field: [message]})


def parse_query_date(raw: str | None, field: str) -> dt.date | None:
    """`YYYY-MM-DD` → date; empty → None; anything else → ValidationError({field: [message]})."""
    if not raw:
        return None
    try:
        value = parse_date(raw.strip())
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        value = None
    if value is None:
        raise _refuse(field, _("日期格式应为 YYYY-MM-DD。"))
    try:
        check_query_date(value)
    except ValidationError as exc:
        raise _refuse(field, exc.messages[0]) from exc
    return value


def parse_query_month(raw: str | None, field: str) -> dt.date | None:
    """`YYYY-MM` → the first day of that month; empty → None."""
    if not raw:
        return None
    try:
        value = dt.datetime.strptime(raw.strip(), "%Y-%m").date()
    except ValueError as exc:
        raise _refuse(field, _("月份格式应为 YYYY-MM。")) from exc
    try:
        check_query_date(value)
    except ValidationError as exc:
        raise _refuse(field, exc.messages[0]) from exc
    return value


def parse_query_datetime(raw: str | None, field: str) -> dt.datetime | None:
    """An ISO 8601 / W3C date-time (a date alone means its local midnight) → aware datetime; empty → None."""
    if not raw:
        return None
    try:
        value = parse_datetime(raw.strip())
    except ValueError:
        value = None
    if value is None:
        day = parse_query_date(raw, field)
        value = dt.datetime.combine(day, dt.time())
    try:
        check_query_date(value)
    except ValidationError as exc:
        raise _refuse(field, exc.messages[0]) from exc
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class QueryDateField(forms.DateField):
    """A form's date field with the query-string bounds."""

    default_validators = [check_query_date]


class QueryDateFilter(django_filters.DateFilter):
    field_class = QueryDateField


class QueryDateSerializerField(serializers.DateField):
    """A serializer's date field with the query-string bounds (documented as `format: date`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", []).append(check_query_date)
        super().__init__(**kwargs)
