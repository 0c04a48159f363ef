"""Keeping the daily summaries equal to the source records.

- `recompute(kpis, start, end, units=None)` rewrites the rows of days start..end from the source tables.
  For every unit (a rebuild) one INSERT ... SELECT ... GROUP BY sums the records per (their own unit, day,
  breakdown) and adds each sum to that unit and every unit above it through the unit-path closure (a unit
  is an ancestor of another when its path is a prefix). For a chain of units (a touch) it goes up level by
  level: a unit's row is its own records plus its children's rows.
- `summary_touch(codes, unit, day)` is the incremental path: the rows of `unit`'s ancestor chain for that one
  day are recomputed. The signal handlers in `signals.py` call it through `summary_defer` whenever a source
  record is saved or deleted: right after the writer's transaction commits (a rolled-back change is never
  counted), and before any read of the summaries in the same transaction (`summary_flush`).
- `rebuild(start, end)` (`wanjia kpi rebuild`) recomputes everything, month by month per KPI, each month in
  its own short transaction.

Concurrency (PostgreSQL): every recompute first takes one transaction-level advisory lock shared by all
KPIs, so two writers touching summaries run one after the other, and the second one's INSERT ... SELECT (a
new statement under READ COMMITTED) sees the first one's committed records and rows. One lock, not one per
KPI: a transaction saving an order and then its outage, and another saving an outage and then its orders,
would take per-KPI locks in opposite orders and deadlock. SQLite serialises writers by itself.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from wanjia.core import deadlines
from wanjia.kpi.models import DailySummary, MonthlySummary
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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('kpi-summaries'))")
                if start is None or (end - start).days > 1:
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
    """A source record of `unit` on `day` changed: bring the day's rows of the unit's chain up to date.
    Unknown codes are ignored, so an app may call this before its KPIs are registered."""
    summary_touch_many(kpi_codes, [(unit.pk if isinstance(unit, Unit) else unit, day)])


def summary_touch_many(kpi_codes: Iterable[str], keys: Iterable[tuple[int, dt.date]]) -> None:
    by_day: dict[dt.date, set[int]] = {}
    for unit_id, day in keys:
        if unit_id is not None and day is not None:
            by_day.setdefault(day, set()).add(unit_id)
    kpis = [KPIS[c] for c in sorted(set(kpi_codes)) if c in KPIS and KPIS[c].summarised]
    if not kpis or not by_day:
        return
    for day in sorted(by_day):
        recompute(kpis, day, day, by_day[day])


def summary_defer(keys_by_code: dict[str, set[tuple[int, dt.date]]]) -> None:
    """Touch these (unit, day) keys of these KPIs when the writer's transaction commits, in a short
    transaction of their own (or now, outside a transaction).

    Why after the commit: a touch takes the summaries' lock, and a writer holding it while it goes on to
    lock rows (an order counter, an outage) could deadlock with a writer that locked those rows first and
    then touches. After the commit the touch holds no other lock. Several saves in one transaction become
    one touch. If the touch fails, the records are committed anyway and the error is logged; `tick` (today
    and yesterday) and `wanjia kpi rebuild` mend the summary. A read in the same transaction applies them
    first (`summary_flush`)."""
    if not connection.in_atomic_block:
        _touch_now(keys_by_code)
        return
    pending = _pending(create=True)
    for code, keys in keys_by_code.items():
        pending.setdefault(code, set()).update(keys)


class _Pending(dict):
    """{kpi code: {(unit id, day)}} waiting for the transaction's commit, registered as its on_commit
    callback: a rollback discards the callback and the keys with it."""

    def __call__(self) -> None:
        keys_by_code = dict(self)
        self.clear()
        _touch_now(keys_by_code)


def summary_flush() -> None:
    """Apply the current transaction's deferred touches now, before a read of the summaries, so that a
    transaction reads its own writes (the callback then finds nothing left at the commit)."""
    pending = _pending(create=False)
    if pending:
        pending()


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


def _touch_now(keys_by_code: dict[str, set]) -> None:
    """KPIs with the same (unit, day) keys are touched together (one unit-chain lookup for them all)."""
    groups: dict[frozenset, list[str]] = {}
    for code, keys in keys_by_code.items():
        if keys:
            groups.setdefault(frozenset(keys), []).append(code)
    for keys, codes in groups.items():
        summary_touch_many(codes, keys)


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
