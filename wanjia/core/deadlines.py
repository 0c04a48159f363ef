"""On-time assessment: the one rule every on-time rate counts by.

An item with a deadline is assessed once, on the day its fate is known: the day it was done, if done in time;
otherwise the day its deadline passed, whether it is done later or still open. So an item still open past its
deadline counts as late from that day on (it does not wait to be closed to be counted), a late item counts in
the period its deadline fell in, and an item not yet due is not counted at all.

The day is stored on the record (`*_assessed_on`) so the KPI summaries can count by it like any other date:
`Assessed.save()` keeps it current on every write, and `wanjia tick` (`assess_overdue`) stamps the open items
whose deadline has just passed, through `save()`, so the summaries hear of it like any other write.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Assessment:
    """`field` (a DateField) holds the assessment day of the deadline `due` against the completion `done`.
    `due` may be a DateTimeField (the instant the item turns late) or a DateField (due by the end of that day)."""

    field: str
    due: str
    done: str
    # Dotted path of a function giving a Q of open items whose clock is stopped (not late while it is).
    stopped: str = ""


def due_instant(due) -> dt.datetime | None:
    """The instant an item turns late: a date deadline runs to the end of that day."""
    if due is None or isinstance(due, dt.datetime):
        return due
    return timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time()))


def assessment_day(due, done: dt.datetime | None, now: dt.datetime) -> dt.date | None:
    """The day an item with deadline `due`, done at `done` (None: still open), counts in an on-time rate."""
    late_from = due_instant(due)
    if late_from is None:
        return None
    if done is not None and done <= late_from:
        return timezone.localdate(done)
    if done is not None or now >= late_from:
        return timezone.localdate(late_from)
    return None


def judged(due: str, done: str, now: dt.datetime) -> models.Q:
    """The items whose on-time fate is known at `now` (for a DateTimeField deadline): done, or past due. The
    denominator of an on-time rate over items chosen by another date (e.g. received in a period)."""
    return models.Q(**{f"{due}__isnull": False}) & (models.Q(**{f"{done}__isnull": False})
                                                    | models.Q(**{f"{due}__lte": now}))


class Assessed(models.Model):
    """A model with deadlines whose on-time assessment days are kept by `save()` (see the module's rule)."""

    assessments: tuple[Assessment, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        now = timezone.now()
        for a in self.assessments:
            if update_fields is not None and not {a.due, a.done} & set(update_fields):
                continue
            setattr(self, a.field, assessment_day(getattr(self, a.due), getattr(self, a.done), now))
            if update_fields is not None:
                update_fields = kwargs["update_fields"] = [*update_fields, a.field]
        super().save(*args, **kwargs)


def assess_overdue(now: dt.datetime) -> int:
    """Stamp the open items whose deadline has passed since the last run. Saved one by one (there are a
    handful a minute) so that the KPI summaries' save signals see the new day."""
    stamped = 0
    for model in apps.get_models():
        if not issubclass(model, Assessed):
            continue
        for a in model.assessments:
            due_field = model._meta.get_field(a.due)
            passed = now if isinstance(due_field, models.DateTimeField) else timezone.localdate(now) - dt.timedelta(days=1)
            late = model._default_manager.filter(**{f"{a.field}__isnull": True, f"{a.done}__isnull": True,
                                                    f"{a.due}__lte": passed})
            if a.stopped:
                late = late.exclude(import_string(a.stopped)())
            for item in late.iterator(chunk_size=500):
                setattr(item, a.field, assessment_day(getattr(item, a.due), None, now))
                item.save(update_fields=[a.field])
                stamped += 1
    return stamped


def refresh_all(now: dt.datetime | None = None) -> None:
    """Recompute every stored assessment day from its deadline and completion: after writes that bypass
    `save()` (bulk loads, `update()`), as the first step of a KPI rebuild. One UPDATE per assessment with a
    deadline instant; date deadlines (small tables) go through Python."""
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    for model in apps.get_models():
        if not issubclass(model, Assessed):
            continue
        for a in model.assessments:
            if not isinstance(model._meta.get_field(a.due), models.DateTimeField):
                fill(model, (a,))
                continue
            open_and_late = models.Q(**{f"{a.done}__isnull": True, f"{a.due}__lte": now})
            if a.stopped:
                open_and_late &= ~import_string(a.stopped)()
            model._default_manager.update(**{a.field: models.Case(
                models.When(models.Q(**{f"{a.done}__lte": models.F(a.due)}), then=TruncDate(a.done, tzinfo=zone)),
                models.When(models.Q(**{f"{a.done}__isnull": False, f"{a.due}__isnull": False}) | open_and_late,
                            then=TruncDate(a.due, tzinfo=zone)),
                default=None, output_field=models.DateField())})


def fill(model, assessments: tuple[Assessment, ...], batch: int = 2000) -> None:
    """Data migration helper: compute the assessment days of existing rows (`model` is the migration's
    historical model, which does not carry `assessments`)."""
    now = timezone.now()
    fields = [a.field for a in assessments]
    rows = []
    for item in model._default_manager.only("pk", *[f for a in assessments for f in (a.due, a.done)]).iterator(chunk_size=batch):
        for a in assessments:
            setattr(item, a.field, assessment_day(getattr(item, a.due), getattr(item, a.done), now))
        rows.append(item)
        if len(rows) >= batch:
            model._default_manager.bulk_update(rows, fields)
            rows = []
    if rows:
        model._default_manager.bulk_update(rows, fields)
