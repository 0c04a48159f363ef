"""Incremental maintenance of the daily summaries by signals on the source models.

Why signals and not calls from each app's services: the source apps are written independently and must not
depend on `kpi`; the summary is a cache of their records, which is the one case where a signal keeps the
write paths honest without each of them remembering to call us. A handler reads the record's (unit, day) for
every KPI it feeds before the write (the old values) and after it (the new ones); those days' rows of both
units' chains are noted as stale in the writer's transaction and folded by a worker (`services.summary_note`).

Writes that send no signals (`QuerySet.update()`, `bulk_create`) are caught by `tick.run`, which recomputes
today and yesterday, and by `wanjia kpi rebuild` for anything older; an app doing bulk writes to old records
can call `services.summary_touch` itself.
"""
import datetime as dt
from collections import defaultdict

from django.db.models import F
from django.utils import timezone
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wanjia.kpi.registry import summarised
from wanjia.kpi.services import day_expression, summary_note

_KEY_ATTR = "_kpi_old_keys"


def _kpis_by_model():
    grouped = defaultdict(list)
    for kpi in summarised():
        grouped[kpi.source.model].append(kpi)
    return grouped


def _keys(model, pk, kpis) -> dict[str, set]:
    """{kpi code: {(unit id, day)}} of the stored record `pk` (empty if it is not stored)."""
    out, seen = {}, {}
    for kpi in kpis:
        lookup = (kpi.source.unit, kpi.source.day)
        if lookup not in seen:
            row = (model._base_manager.filter(pk=pk).order_by()
                   .values_list(F(kpi.source.unit), day_expression(kpi)).first())
            seen[lookup] = {row} if row else set()
        out[kpi.code] = seen[lookup]
    return out


def _keys_of_instance(instance, kpis) -> dict[str, set] | None:
    """The keys read off the saved instance itself, with no query, where every KPI's unit and day are fields
    of the model (not lookups through a relation); None otherwise. A key a filter of the KPI would leave out
    only costs the fold a recompute that changes nothing."""
    out = {}
    for kpi in kpis:
        if "__" in kpi.source.unit or "__" in kpi.source.day:
            return None
        unit_field = instance._meta.get_field(kpi.source.unit)
        day = getattr(instance, kpi.source.day)
        if day is not None and not isinstance(day, dt.date):
            return None  # an expression (F(...)) until the row is read again
        if isinstance(day, dt.datetime):
            day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
        unit_id = getattr(instance, unit_field.attname)
        out[kpi.code] = {(unit_id, day)} if unit_id is not None and day is not None else set()
    return out


def connect() -> None:
    for model, kpis in _kpis_by_model().items():
        def before(sender, instance, kpis=kpis, **kwargs):
            setattr(instance, _KEY_ATTR, _keys(sender, instance.pk, kpis) if instance.pk is not None else {})

        def after_save(sender, instance, kpis=kpis, **kwargs):
            old = getattr(instance, _KEY_ATTR, {})
            new = _keys_of_instance(instance, kpis)
            if new is None:
                new = _keys(sender, instance.pk, kpis)
            _touch({k.code: old.get(k.code, set()) | new.get(k.code, set()) for k in kpis})

        def after_delete(sender, instance, kpis=kpis, **kwargs):
            old = getattr(instance, _KEY_ATTR, {})
            _touch({k.code: old.get(k.code, set()) for k in kpis})

        uid = f"kpi-summary-{model._meta.label_lower}"
        pre_save.connect(before, sender=model, weak=False, dispatch_uid=uid + "-pre")
        pre_delete.connect(before, sender=model, weak=False, dispatch_uid=uid + "-predel")
        post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid + "-post")
        post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=uid + "-postdel")


def _touch(keys_by_code: dict[str, set]) -> None:
    summary_note({code: set(_normalise(keys)) for code, keys in keys_by_code.items() if keys})


def _normalise(keys):
    """SQLite returns TruncDate as text."""
    for unit_id, day in keys:
        yield unit_id, (dt.date.fromisoformat(day) if isinstance(day, str) else day)
