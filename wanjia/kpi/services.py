"""Keeping the daily summaries equal to the source records.

- `recompute(kpis, start, end, units=None)` rewrites the rows of days start..end from the source tables.
  For every unit (a rebuild) one INSERT ... SELECT ... GROUP BY sums the records per (their own unit, day,
  breakdown) and adds each sum to that unit and every unit above it through the unit-path closure (a unit
  is an ancestor of another when its path is a prefix). For a chain of units (a touch) it goes up level by
  level: a unit's row is its own records plus its children's rows.
- The incremental path leaves the request: a write only notes which (KPI, unit, day) keys it made stale
  (`summary_note`, called by the signal handlers in `signals.py`: one INSERT into `StaleKey` in the writer's
  own transaction, no lock). A worker folds the noted keys in batches (`summaries_fold`, the task
  `kpi.tasks.summaries_fold_task`, scheduled after the writer's commit): the rows of each key's unit chain
  for that day are recomputed. A read in the writer's own transaction folds that transaction's keys first
  (`summary_flush`). Dashboards say how fresh the summaries are (`summaries_freshness`).
- `rebuild(start, end)` (`wanjia kpi rebuild`) recomputes everything, month by month per KPI, each month in
  its own short transaction.

Concurrency (PostgreSQL): recomputes (folds and rebuilds, never a writer) first take one transaction-level
advisory lock, so two of them run one after the other and the second one's INSERT ... SELECT (a new
statement under READ COMMITTED) sees the first one's rows: a chain's rows are built from its other
children's rows, which a concurrent fold might be rewriting. Writers take no summary lock at all, so writers
in different counties never wait on each other over the summaries.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, F, Min, Q, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from wanjia.core import deadlines
from wanjia.kpi.models import DailySummary, MonthlySummary, StaleKey
from wanjia.kpi.registry import KPIS, Kpi, summarised
from wanjia.org.models import Unit, UnitKind


def _field_at(model, lookup: str) -> models.Field:
    field = None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    return field


def day_expression(kpi: Kpi):
    """The record's local date as an SQL expression."""
    field = _field_at(kpi.source.model, kpi.source.day)
    if isinstance(field, models.DateTimeField):
        return TruncDate(kpi.source.day, tzinfo=timezone.get_default_timezone())
    return F(kpi.source.day)


def day_filter(kpi: Kpi, start: dt.date, end: dt.date) -> dict:
    """A range filter on the day field that can use its index (no function applied to the column)."""
    field = _field_at(kpi.source.model, kpi.source.day)
    if isinstance(field, models.DateTimeField):
        tz = timezone.get_default_timezone()
        lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
        upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return {f"{kpi.source.day}__gte": lower, f"{kpi.source.day}__lt": upper}
    return {f"{kpi.source.day}__range": (start, end)}


def leaf_queryset(kpi: Kpi, start: dt.date | None = None, end: dt.date | None = None):
    """Numerator and denominator per (record's own unit, day, breakdown)."""
    src = kpi.source
    qs = src.queryset()
    if start is not None:
        qs = qs.filter(**day_filter(kpi, start, end))
    if src.breakdown is None:
        breakdown = Value("", output_field=models.CharField())
    elif isinstance(src.breakdown, str):
        breakdown = F(src.breakdown)
    else:
        breakdown = src.breakdown
    return (qs.order_by()
            .values(k_unit=F(src.unit), k_day=day_expression(kpi), k_breakdown=breakdown)
            .annotate(k_num=src.numerator, k_den=src.denominator))


def _closure_sql(unit_table: str) -> str:
    """(unit_id, ancestor_id) for every unit and each unit above it, itself included. A unit's ancestors are
    the prefixes of its path, one step (Unit.steplen characters) per level: an equality join the planner can
    hash, where "path LIKE prefix" would compare every pair of units."""
    depth = len(UnitKind)  # the hierarchy is strict (org.ALLOWED_CHILD_KINDS): at most one level per kind
    levels = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(1, depth + 1))
    return (f"SELECT u.id AS unit_id, a.id AS ancestor_id FROM {unit_table} u "
            f"JOIN ({levels}) n ON n.k <= u.depth "
            f"JOIN {unit_table} a ON a.path = substr(u.path, 1, n.k * {Unit.steplen})")


def recompute(kpis: Kpi | Iterable[Kpi], start: dt.date | None = None, end: dt.date | None = None,
              units: Iterable[int] | None = None) -> None:
    """Rewrite the rows of `kpis` for days start..end (all days when None), of every unit, or only of
    `units` and every unit above them (their chain).

    Every unit (all units): one INSERT ... SELECT sums the records per (own unit, day) and adds each sum to
    the unit and every unit above it through the unit-path closure. Given a chain (a writer's touch): a
    chain unit's row is the chain's own records at or below it plus the rows of the chain units' other
    children, which this change did not touch, so a touch reads one station's records and a few dozen
    summary rows, never the whole province's day. KPIs recomputed together share the statements (their leaf
    queries in a UNION ALL)."""
    kpis = [kpis] if isinstance(kpis, Kpi) else sorted(kpis, key=lambda k: k.code)
    codes = [k.code for k in kpis]
    chain = _chain(units) if units is not None else None
    if chain == []:  # the units are gone (deleted since the change was noted)
        return
    ids = [pk for pk, _depth, _path in chain] if chain is not None else None
    # No savepoint when called inside a transaction (a read applying its own touches): a failure fails it.
    with transaction.atomic(savepoint=False):
        _summary_lock()
        if connection.vendor == "postgresql" and (start is None or (end - start).days > 1):
            with connection.cursor() as cursor:
                # A rebuild sorts a few hundred thousand (unit, day) sums: keep it in memory.
                cursor.execute("SET LOCAL work_mem = '64MB'")
        stale = DailySummary.objects.filter(kpi_code__in=codes)
        if start is not None:
            stale = stale.filter(day__range=(start, end))
        if ids is not None:
            stale = stale.filter(unit_id__in=ids)
        stale._raw_delete(stale.db)
        if chain is None:
            _insert_rolled_up(kpis, start, end)
        else:
            _insert_chain(kpis, start, end, chain)
        _recompute_months(codes, start, end, ids)


_DAILY_COLUMNS = "INSERT INTO {table} (unit_id, kpi_code, day, breakdown, numerator, denominator) "


def _leaves(kpis: list[Kpi], start, end, units=None) -> tuple[str, list]:
    """(k_code, k_unit, k_day, k_breakdown, k_num, k_den) of every KPI's records, summed per own unit and
    day, as one UNION ALL (of `units`' own records only, when given)."""
    selects, params = [], []
    for kpi in kpis:
        qs = leaf_queryset(kpi, start, end)
        if units is not None:
            qs = qs.filter(**{f"{kpi.source.unit}__in": units})
        leaf_sql, leaf_params = qs.query.sql_with_params()
        selects.append(f"SELECT %s AS k_code, l.k_unit, l.k_day, l.k_breakdown, l.k_num, l.k_den FROM ({leaf_sql}) l")
        params += [kpi.code, *leaf_params]
    return " UNION ALL ".join(selects), params


def _insert_rolled_up(kpis: list[Kpi], start, end) -> None:
    leaves, params = _leaves(kpis, start, end)
    unit_table = connection.ops.quote_name(Unit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            _DAILY_COLUMNS.format(table=DailySummary._meta.db_table)
            + f"SELECT c.ancestor_id, leaf.k_code, leaf.k_day, COALESCE(leaf.k_breakdown, ''), "
              f"SUM(COALESCE(leaf.k_num, 0)), SUM(COALESCE(leaf.k_den, 0)) "
              f"FROM ({leaves}) leaf JOIN ({_closure_sql(unit_table)}) c ON c.unit_id = leaf.k_unit "
              f"GROUP BY c.ancestor_id, leaf.k_code, leaf.k_day, COALESCE(leaf.k_breakdown, '')", params)


def _insert_chain(kpis: list[Kpi], start, end, units: list[tuple[int, int, str]]) -> None:
    """The rows of the chain's units, (id, depth, path), in one statement. Contributions: each chain unit's
    own records, and the rows of its children outside the chain (current: this change did not touch them),
    credited to it; each contribution is then added to its chain unit and every chain unit above it."""
    chain = [pk for pk, _depth, _path in units]
    below = Q(pk__in=[])
    for pk, depth, path in units:
        below |= Q(path__startswith=path, depth=depth + 1)
    others: dict[str, list[int]] = {}
    for pk, path in Unit.objects.filter(below).exclude(pk__in=chain).values_list("pk", "path"):
        others.setdefault(path[:-Unit.steplen], []).append(pk)
    table = DailySummary._meta.db_table
    codes = [k.code for k in kpis]
    days, day_params = ("AND day BETWEEN %s AND %s", [start, end]) if start is not None else ("", [])
    leaves, params = _leaves(kpis, start, end, chain)
    parts = [leaves]
    for pk, _depth, path in units:
        if others.get(path):
            parts.append(
                f"SELECT kpi_code, %s, day, breakdown, numerator, denominator FROM {table} "
                f"WHERE unit_id IN ({', '.join(['%s'] * len(others[path]))}) "
                f"AND kpi_code IN ({', '.join(['%s'] * len(codes))}) {days}")
            params += [pk, *others[path], *codes, *day_params]
    # (contributing chain unit, chain unit it counts in): itself and every chain unit whose path prefixes it.
    pairs = [(pk, above) for pk, _d, path in units for above, _d2, above_path in units if path.startswith(above_path)]
    credit = " UNION ALL ".join(["SELECT %s AS unit_id, %s AS ancestor_id"] * len(pairs))
    params += [x for pair in pairs for x in pair]
    with connection.cursor() as cursor:
        cursor.execute(
            _DAILY_COLUMNS.format(table=table)
            + f"SELECT c.ancestor_id, x.k_code, x.k_day, COALESCE(x.k_breakdown, ''), SUM(COALESCE(x.k_num, 0)), "
              f"SUM(COALESCE(x.k_den, 0)) FROM ({' UNION ALL '.join(parts)}) x "
              f"JOIN ({credit}) c ON c.unit_id = x.k_unit "
              f"GROUP BY c.ancestor_id, x.k_code, x.k_day, COALESCE(x.k_breakdown, '')", params)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _recompute_months(codes: list[str], start, end, units) -> None:
    """Rewrite the monthly rows of the months touching start..end from the daily rows."""
    daily = DailySummary.objects.filter(kpi_code__in=codes)
    monthly = MonthlySummary.objects.filter(kpi_code__in=codes)
    if start is not None:
        daily = daily.filter(day__range=(month_start(start), month_end(end)))
        monthly = monthly.filter(month__range=(month_start(start), month_start(end)))
    if units is not None:
        daily = daily.filter(unit_id__in=units)
        monthly = monthly.filter(unit_id__in=units)
    monthly._raw_delete(monthly.db)
    sums = (daily.order_by().annotate(m=TruncMonth("day")).values("unit_id", "kpi_code", "m", "breakdown")
            .annotate(n=Sum("numerator"), d=Sum("denominator")))
    sql, params = sums.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MonthlySummary._meta.db_table} (unit_id, kpi_code, month, breakdown, numerator, "
            f"denominator) SELECT q.unit_id, q.kpi_code, q.m, q.breakdown, q.n, q.d FROM ({sql}) q", params)


def _chain(unit_ids: Iterable[int]) -> list[tuple[int, int, str]]:
    """(id, depth, path) of the units and every unit above them, in one query (the ancestors' paths are
    prefixes of theirs); empty if the units no longer exist."""
    unit_table = connection.ops.quote_name(Unit._meta.db_table)
    ids = sorted(set(unit_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT a.id, a.depth, a.path FROM ({_closure_sql(unit_table)}) c "
                       f"JOIN {unit_table} a ON a.id = c.ancestor_id "
                       f"WHERE c.unit_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY a.id", ids)
        return [tuple(row) for row in cursor.fetchall()]


def summary_touch(kpi_codes: Iterable[str], unit: Unit | int, day: dt.date) -> None:
    """A source record of `unit` on `day` changed without a signal (bulk writes): note the key as stale.
    Unknown codes are ignored, so an app may call this before its KPIs are registered."""
    summary_note({code: {(unit.pk if isinstance(unit, Unit) else unit, day)} for code in kpi_codes})


def summary_touch_many(kpi_codes: Iterable[str], keys: Iterable[tuple[int, dt.date]]) -> None:
    """Recompute the days' rows of the keys' unit chains now (the fold's and a flush's work)."""
    by_day: dict[dt.date, set[int]] = {}
    for unit_id, day in keys:
        if unit_id is not None and day is not None:
            by_day.setdefault(day, set()).add(unit_id)
    kpis = [KPIS[c] for c in sorted(set(kpi_codes)) if c in KPIS and KPIS[c].summarised]
    if not kpis or not by_day:
        return
    for day in sorted(by_day):
        recompute(kpis, day, day, by_day[day])


def summary_note(keys_by_code: dict[str, set[tuple[int, dt.date]]]) -> None:
    """Record these (unit, day) keys of these KPIs as stale: one INSERT in the writer's own transaction
    (or autocommit), which takes no lock another writer holds, so writers never wait on each other here and
    a rolled-back write notes nothing. When the transaction commits, a fold is scheduled
    (`summaries_fold_soon`); a read in the same transaction folds its own keys first (`summary_flush`)."""
    keys_by_code = {code: {k for k in keys if k[0] is not None and k[1] is not None}
                    for code, keys in keys_by_code.items() if code in KPIS and KPIS[code].summarised}
    rows = [StaleKey(kpi_code=code, unit_id=unit_id, day=day)
            for code, keys in sorted(keys_by_code.items()) for unit_id, day in sorted(keys)]
    if not rows:
        return
    StaleKey.objects.bulk_create(rows)
    if not connection.in_atomic_block:
        summaries_fold_soon()
        return
    pending = _pending(create=True)
    for code, keys in keys_by_code.items():
        pending.setdefault(code, set()).update(keys)


class _Pending(dict):
    """{kpi code: {(unit id, day)}} noted in the current transaction, registered as its on_commit callback
    (a rollback discards it with the keys). At the commit it only schedules a fold: the keys are in the
    table already."""

    def __call__(self) -> None:
        self.clear()
        summaries_fold_soon()


def summary_flush() -> None:
    """Fold the current transaction's own stale keys now, before a read of the summaries, so that a
    transaction reads its own writes (tests, which never commit, and any read inside a write)."""
    pending = _pending(create=False)
    if not pending:
        return
    keys_by_code = dict(pending)
    pending.clear()
    _fold(keys_by_code)
    keys = Q(pk__in=[])
    for code, pairs in keys_by_code.items():
        for unit_id, day in pairs:
            keys |= Q(kpi_code=code, unit_id=unit_id, day=day)
    StaleKey.objects.filter(keys).delete()


def _pending(*, create: bool) -> _Pending | None:
    # Django keeps the transaction's callbacks as (savepoint ids, callable, robust) in run_on_commit.
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Pending):
            return func
    if not create:
        return None
    pending = _Pending()
    transaction.on_commit(pending, robust=True)
    return pending


def _fold(keys_by_code: dict[str, set]) -> None:
    """Recompute the keys: per day, every KPI noted that day over the union of its units' chains (one
    chain lookup and one statement per day and KPI group, however many writes noted them)."""
    by_day: dict[dt.date, tuple[set, set]] = {}
    for code, keys in keys_by_code.items():
        for unit_id, day in keys:
            codes, units = by_day.setdefault(day, (set(), set()))
            codes.add(code)
            units.add(unit_id)
    for day, (codes, units) in sorted(by_day.items()):
        summary_touch_many(codes, [(u, day) for u in units])


def summaries_fold(batch: int = 2000) -> int:
    """Fold the stale keys into the summaries, `batch` noted rows per transaction, until none is left.
    Returns how many noted rows were folded. Folds run one at a time (the summaries' lock, held by folds
    and rebuilds only, never by a writer): two folds rewriting one county's rows from each other's stale
    children would otherwise leave a wrong sum. Each batch deletes its rows first and then recomputes, so a
    write committed after the delete notes its key again and is folded next time (READ COMMITTED: each
    recompute statement sees every write whose key it deleted)."""
    folded = 0
    while True:
        with transaction.atomic():
            _summary_lock()
            rows = list(StaleKey.objects.order_by("pk").values_list("pk", "kpi_code", "unit_id", "day")[:batch])
            if not rows:
                return folded
            StaleKey.objects.filter(pk__in=[r[0] for r in rows])._raw_delete(StaleKey.objects.db)
            keys_by_code: dict[str, set] = {}
            for _pk, code, unit_id, day in rows:
                keys_by_code.setdefault(code, set()).add((unit_id, day))
            _fold(keys_by_code)
        folded += len(rows)


_next_fold_at: float = 0.0


def summaries_fold_soon() -> None:
    """Have a worker fold the stale keys shortly: at most one fold per process is waiting at a time, and it
    starts `WANJIA_SUMMARY_FOLD_DELAY` seconds after it was asked for, so the writes of that window are
    folded together. Called after a commit, so the fold (starting later) sees the keys. Where the backend
    cannot defer (tests: at once) it folds now."""
    global _next_fold_at
    from wanjia.kpi.tasks import summaries_fold_task

    backend = summaries_fold_task.get_backend()
    if not backend.supports_defer:
        summaries_fold_task.enqueue()
        return
    now = time.monotonic()
    if now < _next_fold_at:
        return
    delay = settings.WANJIA_SUMMARY_FOLD_DELAY
    _next_fold_at = now + delay
    summaries_fold_task.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue()


def summaries_freshness(unit: Unit) -> dict:
    """How current the summaries of `unit`'s subtree are: {"stale": noted keys waiting for a fold,
    "seconds": how long the oldest has waited, i.e. the summaries hold every write older than that (None:
    nothing waiting, they hold every committed write)}."""
    waiting = StaleKey.objects.filter(unit_id__in=Unit.objects.filter(path__startswith=unit.path).values("pk"))
    found = waiting.aggregate(stale=Count("pk"), since=Min("noted_at"))
    since = found["since"]
    return {"stale": found["stale"],
            "seconds": None if since is None else max(0, int((timezone.now() - since).total_seconds()))}


def _summary_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('kpi-summaries'))")


def rebuild(start: dt.date | None = None, end: dt.date | None = None, codes: Iterable[str] | None = None,
            progress=None) -> int:
    """Recompute the summaries of `codes` (all) over start..end (all days when both are None), one month
    per transaction. Returns the number of KPIs rebuilt."""
    kpis = [KPIS[c] for c in codes] if codes else summarised()
    if start is None and end is None:
        deadlines.refresh_all()  # the on-time rates count by stored assessment days; bulk writes skip them
    for kpi in kpis:
        if start is None and end is None:
            recompute(kpi)
        else:
            for lo, hi in month_chunks(start, end):
                recompute(kpi, lo, hi)
        if progress:
            progress(kpi)
    return len(kpis)


def month_chunks(start: dt.date, end: dt.date):
    lo = start
    while lo <= end:
        next_month = (lo.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        hi = min(end, next_month - dt.timedelta(days=1))
        yield lo, hi
        lo = next_month
