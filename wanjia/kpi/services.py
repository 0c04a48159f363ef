"""Keeping the summaries equal to the source records.

Daily rows exist only for units at or above the floor (`WANJIA_SUMMARY_DAILY_FLOOR`, counties by default:
`daily_kinds`); monthly rows for every unit (see `models.py` for why).

- `recompute(kpis, start, end, units=None)` rewrites the rows of days start..end (and of the months they
  touch) from the source tables. For every unit (a rebuild) one INSERT ... SELECT ... GROUP BY sums the
  records per (their own unit, day, breakdown) and adds each sum to every unit at or above the floor from
  that unit up, through the unit-path closure (a unit is an ancestor of another when its path is a prefix);
  the monthly rows of those units are then summed from their daily rows, and those of the units below the
  floor from the source records grouped by month (one more INSERT ... SELECT). For a chain of units (a
  touch) it goes up level by level: a chain unit's day row is its own records, the records of its children
  below the floor with their subtrees (one county's day), and its other children's rows; the chain units
  below the floor (the station) get their month's row from their subtree's records.
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
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Min, Q, Sum, Value
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


_DAY_FIELDS: dict[tuple[str, str], models.Field] = {}


def day_field(kpi: Kpi) -> models.Field:
    """The KPI's day field. Remembered per KPI: finding it builds the source's queryset, and a station's
    read asks for every KPI's day filter."""
    key = (kpi.code, kpi.source.day)
    if key not in _DAY_FIELDS:
        _DAY_FIELDS[key] = _field_at(kpi.source.model, kpi.source.day)
    return _DAY_FIELDS[key]


def _day_is_datetime(kpi: Kpi) -> bool:
    return isinstance(day_field(kpi), models.DateTimeField)


def day_expression(kpi: Kpi):
    """The record's local date as an SQL expression."""
    if _day_is_datetime(kpi):
        return TruncDate(kpi.source.day, tzinfo=timezone.get_default_timezone())
    return F(kpi.source.day)


def day_filter(kpi: Kpi, start: dt.date, end: dt.date) -> dict:
    """A range filter on the day field that can use its index (no function applied to the column)."""
    if _day_is_datetime(kpi):
        tz = timezone.get_default_timezone()
        lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
        upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return {f"{kpi.source.day}__gte": lower, f"{kpi.source.day}__lt": upper}
    return {f"{kpi.source.day}__range": (start, end)}


def _breakdown_expression(kpi: Kpi):
    src = kpi.source
    if src.breakdown is None:
        return Value("", output_field=models.CharField())
    if isinstance(src.breakdown, str):
        return F(src.breakdown)
    return src.breakdown


def leaf_queryset(kpi: Kpi, start: dt.date | None = None, end: dt.date | None = None, *, by_month: bool = False):
    """Numerator and denominator per (record's own unit, day, breakdown); per month (its first day) instead
    of per day with `by_month`."""
    src = kpi.source
    qs = src.queryset()
    if start is not None:
        qs = qs.filter(**day_filter(kpi, start, end))
    day = day_expression(kpi)
    if by_month:
        day = TruncMonth(day, output_field=models.DateField())
    return (qs.order_by()
            .values(k_unit=F(src.unit), k_day=day, k_breakdown=_breakdown_expression(kpi))
            .annotate(k_num=src.numerator, k_den=src.denominator))


def daily_kinds() -> list[str]:
    """The unit kinds whose summaries keep daily rows: `WANJIA_SUMMARY_DAILY_FLOOR` and every kind above it
    in UnitKind's order. A unit's parent is always of a kind above its own (org.ALLOWED_CHILD_KINDS), so
    these units are the top of the tree: every ancestor of a unit at or above the floor is too."""
    kinds = list(UnitKind.values)
    floor = settings.WANJIA_SUMMARY_DAILY_FLOOR
    if floor not in kinds:
        raise ImproperlyConfigured(f"WANJIA_SUMMARY_DAILY_FLOOR is {floor!r}: one of {', '.join(kinds)}")
    return kinds[:kinds.index(floor) + 1]


def has_daily_rows(unit: Unit) -> bool:
    return unit.kind in daily_kinds()


def _closure_sql(unit_table: str, kinds: list[str] | None = None) -> tuple[str, list]:
    """(unit_id, ancestor_id) for every unit and each unit above it, itself included (only ancestors of
    `kinds`, when given). A unit's ancestors are the prefixes of its path, one step (Unit.steplen characters)
    per level: an equality join the planner can hash, where "path LIKE prefix" would compare every pair of
    units."""
    depth = len(UnitKind)  # the hierarchy is strict (org.ALLOWED_CHILD_KINDS): at most one level per kind
    levels = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(1, depth + 1))
    sql = (f"SELECT u.id AS unit_id, a.id AS ancestor_id FROM {unit_table} u "
           f"JOIN ({levels}) n ON n.k <= u.depth "
           f"JOIN {unit_table} a ON a.path = substr(u.path, 1, n.k * {Unit.steplen})")
    if kinds is None:
        return sql, []
    return sql + f" WHERE a.kind IN ({', '.join(['%s'] * len(kinds))})", list(kinds)


def _pairs_sql(pairs: list[tuple[int, int]]) -> tuple[str, list]:
    """The (unit_id, ancestor_id) pairs as a relation: a VALUES list, about ten characters a pair."""
    return (f"SELECT column1 AS unit_id, column2 AS ancestor_id FROM (VALUES {', '.join(['(%s, %s)'] * len(pairs))}) v",
            [x for pair in pairs for x in pair])


def recompute(kpis: Kpi | Iterable[Kpi], start: dt.date | None = None, end: dt.date | None = None,
              units: Iterable[int] | None = None) -> None:
    """Rewrite the rows of `kpis` for days start..end (all days when None) and the months they touch, of
    every unit, or only of `units` and every unit above them (their chain).

    Every unit (all units): one INSERT ... SELECT sums the records per (own unit, day) and adds each sum to
    every unit at or above the floor from that unit up, through the unit-path closure; the monthly rows
    follow (`_recompute_months`). Given a chain (a fold of a writer's stale keys): a chain unit's day row is
    the records it reads directly (`_Chain`) plus the rows of its children outside the chain, which this
    change did not touch, so a fold reads one county's records of the day and a few dozen summary rows,
    never the whole province's day. KPIs recomputed together share the statements (their leaf queries in a
    UNION ALL)."""
    kpis = [kpis] if isinstance(kpis, Kpi) else sorted(kpis, key=lambda k: k.code)
    codes = [k.code for k in kpis]
    chain = _Chain(units) if units is not None else None
    if chain is not None and not chain.ids:  # the units are gone (deleted since the change was noted)
        return
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
        if chain is not None:
            stale = stale.filter(unit_id__in=chain.daily_ids)
        stale._raw_delete(stale.db)
        if chain is None:
            _insert_rolled_up(kpis, start, end)
        elif chain.daily:
            _insert_chain(kpis, start, end, chain)
        _recompute_months(kpis, start, end, chain)


def _leaves(kpis: list[Kpi], start, end, units=None, *, by_month: bool = False) -> tuple[str, list]:
    """(k_code, k_unit, k_day, k_breakdown, k_num, k_den) of every KPI's records, summed per own unit and
    day (month), as one UNION ALL (of `units`' own records only, when given)."""
    selects, params = [], []
    for kpi in kpis:
        qs = leaf_queryset(kpi, start, end, by_month=by_month)
        if units is not None:
            qs = qs.filter(**{f"{kpi.source.unit}__in": units})
        leaf_sql, leaf_params = qs.query.sql_with_params()
        selects.append(f"SELECT %s AS k_code, l.k_unit, l.k_day, l.k_breakdown, l.k_num, l.k_den FROM ({leaf_sql}) l")
        params += [kpi.code, *leaf_params]
    return " UNION ALL ".join(selects), params


def _insert_summed(model, parts: str, params: list, credit: str, credit_params: list) -> None:
    """Insert into `model`'s table the sums of `parts` (k_code, k_unit, k_day, k_breakdown, k_num, k_den),
    each credited to the units `credit` (unit_id, ancestor_id) pairs with its k_unit."""
    when = "day" if model is DailySummary else "month"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} (unit_id, kpi_code, {when}, breakdown, numerator, denominator) "
            f"SELECT c.ancestor_id, x.k_code, x.k_day, COALESCE(x.k_breakdown, ''), SUM(COALESCE(x.k_num, 0)), "
            f"SUM(COALESCE(x.k_den, 0)) FROM ({parts}) x JOIN ({credit}) c ON c.unit_id = x.k_unit "
            f"GROUP BY c.ancestor_id, x.k_code, x.k_day, COALESCE(x.k_breakdown, '')", [*params, *credit_params])


def _insert_rolled_up(kpis: list[Kpi], start, end) -> None:
    leaves, params = _leaves(kpis, start, end)
    closure, closure_params = _closure_sql(connection.ops.quote_name(Unit._meta.db_table), daily_kinds())
    _insert_summed(DailySummary, leaves, params, closure, closure_params)


class _Chain:
    """The units a fold rewrites: the noted units and every unit above them, split at the floor.

    - `daily`: the chain units at or above the floor, (id, depth, path). Each one's day row is the records
      it reads directly plus the rows of `others[its id]`, its children at or above the floor outside the
      chain (current: this change did not touch them).
    - `own`: {id: path} of every unit whose records a daily chain unit reads directly: the daily chain units
      themselves and the whole subtrees of their children below the floor (a county's stations and halls).
      Each record is credited to every daily chain unit whose path prefixes its unit's.
    - `lean`: the chain units below the floor, (id, path); their monthly rows are summed from the records of
      their subtrees (all inside `own`)."""

    def __init__(self, unit_ids: Iterable[int]):
        kinds = daily_kinds()
        units = _chain(unit_ids)
        self.ids = [pk for pk, *_ in units]
        self.daily = [(pk, depth, path) for pk, depth, path, kind in units if kind in kinds]
        self.daily_ids = [pk for pk, *_ in self.daily]
        self.lean = [(pk, path) for pk, _depth, path, kind in units if kind not in kinds]
        self.own = {pk: path for pk, _depth, path in self.daily}
        self.others: dict[int, list[int]] = {}
        by_path = {path: pk for pk, _depth, path in self.daily}
        # Below-floor units with no parent (an odd tree) head their own subtrees.
        tops = [path for pk, depth, path, kind in units if kind not in kinds and depth == 1]
        near = Q(pk__in=[])
        for pk, depth, path in self.daily:
            near |= Q(path__startswith=path, depth=depth + 1)
        for pk, path, kind in Unit.objects.filter(near).exclude(pk__in=self.daily_ids).values_list("pk", "path", "kind"):
            if kind in kinds:
                self.others.setdefault(by_path[path[:-Unit.steplen]], []).append(pk)
            else:
                tops.append(path)
        if tops:
            below = Q(pk__in=[])
            for path in tops:
                below |= Q(path__startswith=path)
            self.own.update(Unit.objects.filter(below).values_list("pk", "path"))


def _insert_chain(kpis: list[Kpi], start, end, chain: _Chain) -> None:
    """The day rows of the chain's units at or above the floor, in one statement. Contributions: the records
    of `chain.own`, and the rows of the children outside the chain credited to their chain parent; each is
    then added to every daily chain unit whose path prefixes its unit's."""
    table = DailySummary._meta.db_table
    codes = [k.code for k in kpis]
    days, day_params = ("AND day BETWEEN %s AND %s", [start, end]) if start is not None else ("", [])
    leaves, params = _leaves(kpis, start, end, list(chain.own))
    parts = [leaves]
    for pk, children in chain.others.items():
        parts.append(
            f"SELECT kpi_code, %s, day, breakdown, numerator, denominator FROM {table} "
            f"WHERE unit_id IN ({', '.join(['%s'] * len(children))}) "
            f"AND kpi_code IN ({', '.join(['%s'] * len(codes))}) {days}")
        params += [pk, *children, *codes, *day_params]
    pairs = [(pk, above) for pk, path in chain.own.items()
             for above, _depth, above_path in chain.daily if path.startswith(above_path)]
    _insert_summed(DailySummary, " UNION ALL ".join(parts), params, *_pairs_sql(pairs))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _recompute_months(kpis: list[Kpi], start, end, chain: _Chain | None) -> None:
    """Rewrite the monthly rows of the months touching start..end (of every unit, or of the chain's): those
    of units at or above the floor from their daily rows, those of the units below it from the source
    records of their subtrees grouped by month."""
    codes = [k.code for k in kpis]
    first, last = (month_start(start), month_end(end)) if start is not None else (None, None)
    daily = DailySummary.objects.filter(kpi_code__in=codes)
    monthly = MonthlySummary.objects.filter(kpi_code__in=codes)
    if start is not None:
        daily = daily.filter(day__range=(first, last))
        monthly = monthly.filter(month__range=(first, month_start(end)))
    if chain is not None:
        daily = daily.filter(unit_id__in=chain.daily_ids)
        monthly = monthly.filter(unit_id__in=chain.ids)
    monthly._raw_delete(monthly.db)
    if chain is None or chain.daily_ids:
        sums = (daily.order_by().annotate(m=TruncMonth("day")).values("unit_id", "kpi_code", "m", "breakdown")
                .annotate(n=Sum("numerator"), d=Sum("denominator")))
        sql, params = sums.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {MonthlySummary._meta.db_table} (unit_id, kpi_code, month, breakdown, numerator, "
                f"denominator) SELECT q.unit_id, q.kpi_code, q.m, q.breakdown, q.n, q.d FROM ({sql}) q", params)
    if chain is None:
        lean_kinds = [k for k in UnitKind.values if k not in daily_kinds()]
        if not lean_kinds:
            return
        leaves, params = _leaves(kpis, first, last, by_month=True)
        credit = _closure_sql(connection.ops.quote_name(Unit._meta.db_table), lean_kinds)
    else:
        pairs = [(pk, lean) for pk, path in chain.own.items() for lean, lean_path in chain.lean
                 if path.startswith(lean_path)]
        if not pairs:
            return
        leaves, params = _leaves(kpis, first, last, sorted({pk for pk, _lean in pairs}), by_month=True)
        credit = _pairs_sql(pairs)
    _insert_summed(MonthlySummary, leaves, params, *credit)


def _chain(unit_ids: Iterable[int]) -> list[tuple[int, int, str, str]]:
    """(id, depth, path, kind) of the units and every unit above them, in one query (the ancestors' paths
    are prefixes of theirs); empty if the units no longer exist."""
    unit_table = connection.ops.quote_name(Unit._meta.db_table)
    ids = sorted(set(unit_ids))
    closure, _params = _closure_sql(unit_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT a.id, a.depth, a.path, a.kind FROM ({closure}) c "
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
    # In SQL written here: every save of a KPI source runs it, and bulk_create cost more than the INSERT.
    ops, now = connection.ops, connection.ops.adapt_datetimefield_value(timezone.now())
    params = [value for code, keys in sorted(keys_by_code.items()) for unit_id, day in sorted(keys)
              for value in (code, unit_id, ops.adapt_datefield_value(day), now)]
    if not params:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(params), 4 * 250):  # SQLite takes a limited number of parameters
            batch = params[start:start + 4 * 250]
            cursor.execute(f"INSERT INTO {StaleKey._meta.db_table} (kpi_code, unit_id, day, noted_at) VALUES "
                           + ", ".join(["(%s, %s, %s, %s)"] * (len(batch) // 4)), batch)
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
    _fold(_by_day((code, unit_id, day) for code, pairs in keys_by_code.items() for unit_id, day in pairs))
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


def _by_day(keys: Iterable[tuple[str, int, dt.date]]) -> dict[dt.date, tuple[set, set]]:
    """(KPI code, unit id, day) keys as {day: (the KPI codes noted that day, the units noted that day)}."""
    by_day: dict[dt.date, tuple[set, set]] = {}
    for code, unit_id, day in keys:
        codes, units = by_day.setdefault(day, (set(), set()))
        codes.add(code)
        units.add(unit_id)
    return by_day


def _fold(by_day: dict[dt.date, tuple[set, set]]) -> None:
    """Recompute per day every KPI noted that day over the union of that day's units' chains (one chain
    lookup and one statement per day and KPI group, however many writes noted them)."""
    for day, (codes, units) in sorted(by_day.items()):
        summary_touch_many(codes, [(u, day) for u in units])


def summaries_fold(batch: int = 2000) -> int:
    """Fold the stale keys into the summaries, up to `batch` distinct (KPI, unit, day) keys per transaction,
    until none is left. Returns how many noted rows were folded. A burst of writes notes the same few keys
    thousands of times, so each batch takes distinct keys and deletes every row noting them (per day, the
    KPIs noted that day over the units noted that day, which is what `_fold` recomputes). Folds run one at a
    time (the summaries' lock, held by folds and rebuilds only, never by a writer): two folds rewriting one
    county's rows from each other's stale children would otherwise leave a wrong sum. Each batch deletes its
    rows first and then recomputes, so a write committed after the delete notes its key again and is folded
    next time (READ COMMITTED: each recompute statement sees every write whose row it deleted)."""
    folded, started = 0, time.monotonic()
    # Marked while it runs (expiring, should the worker die), so that folds asked for meanwhile wait for it.
    cache.set(FOLD_RUNNING_KEY, time.time(), timeout=settings.WANJIA_SUMMARY_FOLD_MAX_DELAY)
    # Only what was noted before it started: under steady writes a fold that also took the rows noted while
    # it ran would never end. Their writers have scheduled the next fold.
    noted = StaleKey.objects.filter(pk__lte=StaleKey.objects.aggregate(last=Max("pk"))["last"] or 0)
    while True:
        with transaction.atomic():
            _summary_lock()
            keys = list(noted.order_by().values_list("kpi_code", "unit_id", "day").distinct()[:batch])
            if not keys:
                if folded:
                    cache.set(FOLD_SECONDS_KEY, time.monotonic() - started, None)
                cache.delete(FOLD_RUNNING_KEY)
                return folded
            by_day = _by_day(keys)
            for day, (codes, units) in by_day.items():
                folded += noted.filter(day=day, kpi_code__in=codes, unit_id__in=units)._raw_delete(StaleKey.objects.db)
            _fold(by_day)


_next_fold_at: float = 0.0
# How long the last fold took, in the shared cache: the web processes schedule folds, the workers run them.
FOLD_SECONDS_KEY = "kpi:last-fold-seconds"
FOLD_SCHEDULED_KEY = "kpi:fold-scheduled"
FOLD_RUNNING_KEY = "kpi:fold-running-since"


def fold_delay() -> float:
    """Seconds from a write to the fold that takes it in: `WANJIA_SUMMARY_FOLD_DELAY`, or
    `WANJIA_SUMMARY_FOLD_PACE` times the last fold's duration (or the running one's so far) when that is
    longer, up to `WANJIA_SUMMARY_FOLD_MAX_DELAY`. A fold recomputes each noted key's day whatever number of
    writes noted it, so spacing folds by their own cost keeps folding to a bounded share of the machine under
    a storm of writes, while a quiet system still folds within seconds."""
    found = cache.get_many([FOLD_SECONDS_KEY, FOLD_RUNNING_KEY])
    cost = found.get(FOLD_SECONDS_KEY) or 0.0
    if FOLD_RUNNING_KEY in found:
        cost = max(cost, time.time() - found[FOLD_RUNNING_KEY])
    return min(max(float(settings.WANJIA_SUMMARY_FOLD_DELAY), settings.WANJIA_SUMMARY_FOLD_PACE * cost),
               float(settings.WANJIA_SUMMARY_FOLD_MAX_DELAY))


def summaries_fold_soon() -> None:
    """Have a worker fold the stale keys shortly: at most one fold is waiting at a time, and it starts
    `fold_delay()` seconds after it was asked for, so the writes of that window are folded together.
    Called after a commit, so the fold (starting later) sees the keys. Where the backend cannot defer
    (tests: at once) it folds now."""
    global _next_fold_at
    from wanjia.kpi.tasks import summaries_fold_task

    backend = summaries_fold_task.get_backend()
    if not backend.supports_defer:
        summaries_fold_task.enqueue()
        return
    if time.monotonic() < _next_fold_at:
        return
    # One fold waiting for the whole installation, not one per web process: the shared mark holds when the
    # waiting fold starts. A process that finds it asks again only after that moment, and the fold, starting
    # then, sees every write committed before.
    starts = cache.get(FOLD_SCHEDULED_KEY)
    if starts is None or starts <= time.time():
        delay = fold_delay()
        starts = time.time() + delay
        if cache.add(FOLD_SCHEDULED_KEY, starts, timeout=delay):
            summaries_fold_task.using(run_after=dt.datetime.fromtimestamp(starts, dt.UTC)).enqueue()
        else:  # another process scheduled it a moment ago
            starts = cache.get(FOLD_SCHEDULED_KEY) or starts
    _next_fold_at = time.monotonic() + max(0.0, starts - time.time())


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
