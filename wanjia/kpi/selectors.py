"""Reads of the summaries. Every figure is a SUM over one unit's rows (its subtree is already rolled up into
them), so a province-wide dashboard costs the same few queries as a county's. Whole months inside a
period are read from the monthly rows, the part months at its edges from the daily rows; a unit below the
daily floor (a station: `services.daily_kinds`) has no daily rows, and reads its part months from the
source records of its subtree (a station's few records a day, through the (unit, day) indexes)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Q, Sum

from wanjia.kpi.models import DailySummary, MonthlySummary
from wanjia.kpi.registry import ACTION_LISTS, KPIS, Direction, Kind, Kpi, Period, Totals, expand
from wanjia.kpi.services import (day_field, day_filter, has_daily_rows, leaf_queryset, month_end, summaries_freshness,
                                 summary_flush)
from wanjia.org.models import Unit

TotalsByCode = dict[str, Totals]


@dataclass
class Figure:
    kpi: Kpi
    value: float | None
    last_year: float | None
    totals: Totals
    parts: list[dict]  # per breakdown: {"key", "label", "value"}

    @property
    def change(self) -> float | None:
        if self.value is None or self.last_year is None:
            return None
        return self.value - self.last_year

    @property
    def better(self) -> bool | None:
        """Whether the change from last year is an improvement (None: no change, no comparison, or neutral)."""
        if not self.change or self.kpi.direction == Direction.NEUTRAL:
            return None
        return (self.change > 0) == (self.kpi.direction == Direction.HIGHER)


def _split(codes) -> tuple[list[str], list[str]]:
    stock = [c for c in codes if KPIS[c].kind == Kind.STOCK]
    return [c for c in codes if c not in stock], stock


NOTHING = Q(pk__in=[])

Days = tuple[dt.date, dt.date]  # an inclusive range of days


def _cover(start: dt.date | None, end: dt.date) -> tuple[tuple[dt.date | None, dt.date] | None, list[Days]]:
    """The whole months inside start..end (start None: from the beginning) as a range of the months' first
    days (lower end None: from the beginning; None: no whole month), and the day ranges of the part months
    at its edges: together they cover start..end exactly once."""
    first_full = start if start is None or start.day == 1 else month_end(start) + dt.timedelta(days=1)
    last_full = end if end == month_end(end) else end.replace(day=1) - dt.timedelta(days=1)
    if first_full is not None and first_full > last_full:  # no whole month inside
        return None, [(start, end)]
    days = []
    if first_full is not None and start < first_full:
        days.append((start, first_full - dt.timedelta(days=1)))
    if last_full < end:
        days.append((last_full + dt.timedelta(days=1), end))
    return (first_full, last_full), days


def _months_q(months: tuple[dt.date | None, dt.date]) -> Q:
    first, last = months
    return Q(month__lte=last) if first is None else Q(month__gte=first, month__lte=last)


def _days_q(days: list[Days]) -> Q:
    q = NOTHING
    for first, last in days:
        q |= Q(day__range=(first, last))
    return q


def raw_totals(units, codes, *periods: Period) -> list[dict[int, dict[tuple[str, str], Totals]]]:
    """For each period: {unit id: {(code, breakdown): Totals}} for summary-backed `codes` (STOCK KPIs: from
    the beginning to the period's end). Whole months come from the monthly rows; the part months at the
    edges from the daily rows (one query on each table covers all the periods, each summed with its own
    FILTER), or, for units below the daily floor, from the source records of their subtrees."""
    summary_flush()  # this transaction's own writes first
    flow, stock = _split(codes)
    # (flow cover, stock cover) of each period: its whole months and part-month days.
    covers = [(_cover(p.start, p.end) if flow else (None, []), _cover(None, p.end) if stock else (None, []))
              for p in periods]
    # The rows are already limited to `codes`: a window names only the few STOCK codes, so the SQL stays
    # short (psycopg re-parses every statement over 4 KB, about 5 ms each).
    is_stock = Q(kpi_code__in=stock)
    selects = (~is_stock if stock else Q(), is_stock)
    windows, spans = [], [NOTHING, NOTHING]
    for period_covers in covers:
        months, days = NOTHING, NOTHING
        for select, (whole, part) in zip(selects, period_covers):
            # The spans: the same ranges without the codes, plain conditions the index range can use.
            if whole is not None:
                months |= select & _months_q(whole)
                spans[0] |= _months_q(whole)
            if part:
                days |= select & _days_q(part)
                spans[1] |= _days_q(part)
        windows.append((months, days))
    units = list(units)
    lean = [u for u in units if not has_daily_rows(u)]
    out: list[dict[int, dict]] = [defaultdict(dict) for _ in periods]
    for index, model in enumerate((MonthlySummary, DailySummary)):
        ids = [u.pk for u in units if index == 0 or u not in lean]
        wheres = [w[index] for w in windows]
        live = [i for i, where in enumerate(wheres) if where != NOTHING]
        if not live or not ids:
            continue
        sums = {}
        for i in live:
            sums[f"n{i}"] = Sum("numerator", filter=wheres[i])
            sums[f"d{i}"] = Sum("denominator", filter=wheres[i])
        # Rows in a span but in no window of their code sum to NULL everywhere and are skipped below.
        rows = (model.objects.filter(unit_id__in=ids, kpi_code__in=flow + stock).filter(spans[index])
                .values("unit_id", "kpi_code", "breakdown").annotate(**sums).order_by())
        for row in rows:
            key = (row["kpi_code"], row["breakdown"])
            for i in live:
                if row[f"n{i}"] is None and row[f"d{i}"] is None:
                    continue
                bucket = out[i][row["unit_id"]]
                bucket[key] = bucket.get(key, Totals()) + Totals(row[f"n{i}"] or 0.0, row[f"d{i}"] or 0.0)
    if lean:
        wanted = {code: sorted({days for period_covers in covers
                                for days in period_covers[code in stock][1]}) for code in flow + stock}
        found = subtree_sums([u.pk for u in lean], wanted)
        for i, period_covers in enumerate(covers):
            for code in flow + stock:
                for days in period_covers[code in stock][1]:
                    for unit_id, parts in found.get((code, days), {}).items():
                        bucket = out[i][unit_id]
                        for breakdown, totals in parts.items():
                            bucket[(code, breakdown)] = bucket.get((code, breakdown), Totals()) + totals
    return out


def _pieces(ranges: list[Days]) -> list[tuple[Days, list[Days]]]:
    """`ranges` cut at every edge into disjoint pieces: [(piece, [the ranges it lies in])]."""
    cuts = sorted({first for first, _last in ranges} | {last + dt.timedelta(days=1) for _first, last in ranges})
    pieces = []
    for lo, hi in zip(cuts, cuts[1:]):
        hi -= dt.timedelta(days=1)
        inside = [r for r in ranges if r[0] <= lo and hi <= r[1]]
        if inside:
            pieces.append(((lo, hi), inside))
    return pieces


def subtree_sums(unit_ids, ranges_by_code: dict[str, list[Days]]) -> dict[tuple[str, Days], dict[int, dict[str, Totals]]]:
    """Totals of each code over each of its day ranges for each unit's whole subtree, read from the source
    records, for units below the daily floor (they have no daily rows): {(code, range): {unit id:
    {breakdown: Totals}}}. Per KPI one leaf query on the subtrees' own unit ids and the days (an index on
    (unit, day field) serves it) sums the records per own unit, part and piece of the ranges (cut into
    disjoint pieces, so a record counts once in each range it lies in); the leaf queries go in UNION ALLs of
    under 4 KB each (see `raw_totals`)."""
    ids = list(unit_ids)
    # Own unit id -> the asked units whose subtree holds it (paths read here: a caller's may be stale).
    members: dict[int, list[int]] = {}
    table = connection.ops.quote_name(Unit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT m.id, a.id FROM {table} a JOIN {table} m ON substr(m.path, 1, length(a.path)) = a.path "
                       f"WHERE a.id IN ({', '.join(['%s'] * len(ids))})", ids)
        for member, unit_id in cursor.fetchall():
            members.setdefault(member, []).append(unit_id)
    if not members:
        return {}
    selects, pieces_by_code = [], {}
    for code, ranges in ranges_by_code.items():
        if not ranges:
            continue
        pieces = pieces_by_code[code] = _pieces(ranges)
        leaf, leaf_params = _leaf_statement(KPIS[code], sorted(members), ranges)
        cases = " ".join(f"WHEN l.k_day BETWEEN %s AND %s THEN {i}" for i in range(len(pieces)))
        bounds = [connection.ops.adapt_datefield_value(day) for piece, _inside in pieces for day in piece]
        selects.append((f"SELECT %s, l.k_unit, CASE {cases} END, l.k_breakdown, SUM(l.k_num), SUM(l.k_den) "
                        f"FROM ({leaf}) l GROUP BY l.k_unit, 3, l.k_breakdown", [code, *bounds, *leaf_params]))
    out: dict[tuple[str, Days], dict[int, dict[str, Totals]]] = {}
    for code, own, index, breakdown, n, d in _union_all(selects):
        totals = Totals(float(n or 0), float(d or 0))
        for days in pieces_by_code[code][index][1]:
            for unit_id in members[own]:
                parts = out.setdefault((code, days), {}).setdefault(unit_id, {})
                parts[breakdown or ""] = parts.get(breakdown or "", Totals()) + totals
    return out


# (KPI code, id of its source, number of units, number of ranges, database, time zone) -> (SQL, parameters,
# [(position of a parameter, the unit or day bound it holds)]), or None where the markers were not found.
_LEAF_TEMPLATES: dict[tuple, tuple[str, list, list[tuple[int, tuple]]] | None] = {}


def _leaf_statement(kpi: Kpi, units: list[int], ranges: list[Days]) -> tuple[str, list]:
    """`services.leaf_queryset(kpi)` (sums per own unit, day and part) over the records of `units` on the days
    of `ranges`, as (SQL, parameters). Django takes longer to build this query (a millisecond or more per
    KPI, and a station's figures ask for twenty) than the database to run it, so its SQL is built once per
    shape (KPI, number of units, number of ranges) with marker values in place of the units and days, and
    the markers' places are filled in. (A source queryset holds no value of the moment, or the summaries,
    which cache it, would be wrong too.)"""
    key = (kpi.code, id(kpi.source), len(units), len(ranges), connection.vendor, settings.TIME_ZONE)
    if key not in _LEAF_TEMPLATES:
        _LEAF_TEMPLATES[key] = _leaf_template(kpi, len(units), len(ranges))
    template = _LEAF_TEMPLATES[key]
    if template is None:
        return _leaf_sql(kpi, units, ranges)
    sql, params, slots = template
    params = list(params)
    values = _leaf_values(kpi, units, ranges)
    for position, slot in slots:
        params[position] = values[slot]
    return sql, params


def _leaf_sql(kpi: Kpi, units: list[int], ranges: list[Days]) -> tuple[str, list]:
    days = Q(pk__in=[])
    for first, last in ranges:
        days |= Q(**day_filter(kpi, first, last))
    return leaf_queryset(kpi).filter(days, **{f"{kpi.source.unit}__in": units}).query.sql_with_params()


def _leaf_values(kpi: Kpi, units: list[int], ranges: list[Days]) -> dict[tuple, object]:
    """The parameter of each unit and day bound of a leaf query: {("unit", i): id, ("day", j, k): bound k of
    range j, as the database takes it}."""
    field = day_field(kpi)
    out: dict[tuple, object] = {("unit", i): pk for i, pk in enumerate(units)}
    for j, (first, last) in enumerate(ranges):
        bounds = [b for value in day_filter(kpi, first, last).values()
                  for b in (value if isinstance(value, tuple) else (value,))]
        for k, bound in enumerate(bounds):
            out[("day", j, k)] = field.get_db_prep_value(bound, connection)
    return out


def _leaf_template(kpi: Kpi, unit_count: int, range_count: int):
    units = [-987_650_000 - i for i in range(unit_count)]  # never a unit's id
    ranges = [(dt.date(1001, 1, 1) + dt.timedelta(days=10 * j), dt.date(1001, 1, 4) + dt.timedelta(days=10 * j))
              for j in range(range_count)]  # never a record's day
    sql, params = _leaf_sql(kpi, units, ranges)
    slot_of = {value: slot for slot, value in _leaf_values(kpi, units, ranges).items()}
    slots = []
    for position, value in enumerate(params):
        try:
            if value in slot_of:
                slots.append((position, slot_of[value]))
        except TypeError:  # an unhashable parameter is no marker
            continue
    if sorted(slot for _position, slot in slots) != sorted(slot_of.values()):
        return None
    return sql, params, slots


def _union_all(selects: list[tuple[str, list]], limit: int = 4000) -> list[tuple]:
    """The rows of the SELECTs, run as UNION ALLs of under `limit` characters each (one SELECT alone where
    it is longer)."""
    rows, batch = [], []

    def run():
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql for sql, _params in batch),
                           [p for _sql, params in batch for p in params])
            rows.extend(cursor.fetchall())

    for sql, params in selects:
        if batch and sum(len(s) + 11 for s, _p in batch) + len(sql) > limit:
            run()
            batch = []
        batch.append((sql, params))
    if batch:
        run()
    return rows


def _by_code(parts: dict[tuple[str, str], Totals]) -> TotalsByCode:
    out: TotalsByCode = defaultdict(Totals)
    for (code, _breakdown), totals in parts.items():
        out[code] = out[code] + totals
    return out


def value_of(kpi: Kpi, totals: TotalsByCode, period: Period, unit: Unit | None = None) -> float | None:
    if kpi.kind == Kind.LIVE:
        return kpi.live(unit, period) if unit is not None else None
    if kpi.kind == Kind.DERIVED:
        return kpi.derive({code: totals.get(code, Totals()) for code in expand(kpi.inputs)}, period)
    return kpi.value(totals.get(kpi.code, Totals()), period)


def figures(unit: Unit, period: Period, codes=None) -> list[Figure]:
    """Each KPI's figure for the unit's subtree over the period, with the same period last year."""
    codes = list(codes or KPIS)
    base = expand(codes)
    last = period.last_year()
    now_all, then_all = raw_totals([unit], base, period, last)
    now_parts, then_parts = now_all.get(unit.pk, {}), then_all.get(unit.pk, {})
    now, then = _by_code(now_parts), _by_code(then_parts)
    out = []
    for code in codes:
        kpi = KPIS[code]
        parts = []
        if kpi.breakdown_labels:
            labels = kpi.breakdown_labels()
            for key, label in labels.items():
                totals = now_parts.get((code, key))
                if totals is not None:
                    parts.append({"key": key, "label": str(label), "value": kpi.value(totals, period)})
        out.append(Figure(kpi, value_of(kpi, now, period, unit),
                          value_of(kpi, then, last, unit) if kpi.compares else None, now.get(code, Totals()), parts))
    return out


def children(unit: Unit):
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)


def ranking(unit: Unit, period: Period, codes=None, live: bool = True) -> dict[str, list[dict]]:
    """{code: [{"unit", "code", "value"}]} for the unit's direct children, best first (None last). With
    `live=False` the LIVE KPIs are left out (each would cost a call per child)."""
    codes = [c for c in (codes or KPIS) if live or KPIS[c].kind != Kind.LIVE]
    kids = list(children(unit).only("id", "name", "code", "kind", "path"))
    parts = raw_totals(kids, expand(codes), period)[0]
    totals = {k.pk: _by_code(parts.get(k.pk, {})) for k in kids}
    out = {}
    for code in codes:
        kpi = KPIS[code]
        rows = [{"unit": k.name, "code": k.code, "id": k.pk,
                 "value": value_of(kpi, totals[k.pk], period, k)} for k in kids]
        descending = kpi.direction != Direction.LOWER
        rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0) if descending else (r["value"] or 0)))
        out[code] = rows
    return out


def month_starts(end: dt.date, count: int) -> list[dt.date]:
    first = end.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return months[::-1]


def trend(unit: Unit, end: dt.date, codes=None, months: int = 12) -> dict:
    """Monthly figures for the `months` months ending with `end`'s month, and the same months a year
    earlier: {"months": ["2026-01", ...], "series": {code: {"current": [...], "last_year": [...]}}}."""
    summary_flush()
    codes = list(codes or KPIS)
    base = expand(codes)
    flow, stock = _split(base)
    current = month_starts(end, months)
    earlier = month_starts(current[0] - dt.timedelta(days=1), months)
    first = earlier[0]
    # Whole months from the monthly rows; the month holding `end` from the daily rows up to `end`.
    last_whole = end if end == month_end(end) else current[-1] - dt.timedelta(days=1)
    rows = list(MonthlySummary.objects.filter(unit_id=unit.pk, kpi_code__in=base, month__gte=first,
                                              month__lte=last_whole)
                .values_list("kpi_code", "month").annotate(n=Sum("numerator"), d=Sum("denominator")).order_by())
    if last_whole < end and has_daily_rows(unit):
        rows += [(code, current[-1], n, d) for code, n, d in
                 DailySummary.objects.filter(unit_id=unit.pk, kpi_code__in=base, day__gte=current[-1], day__lte=end)
                 .values_list("kpi_code").annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()]
    elif last_whole < end:  # below the daily floor: the month so far from the subtree's records
        days = (current[-1], end)
        for (code, _days), parts in subtree_sums([unit.pk], {code: [days] for code in base}).items():
            totals = sum(parts.get(unit.pk, {}).values(), Totals())
            rows.append((code, current[-1], totals.numerator, totals.denominator))
    monthly: dict[tuple[str, dt.date], Totals] = {}
    for code, month, n, d in rows:
        monthly[(code, month)] = Totals(n or 0.0, d or 0.0)
    # Stocks are running totals: start from every month before the first one.
    opening = {code: Totals(n or 0.0, d or 0.0) for code, n, d in
               MonthlySummary.objects.filter(unit_id=unit.pk, kpi_code__in=stock, month__lt=first)
               .values_list("kpi_code").annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()}
    running = {code: opening.get(code, Totals()) for code in stock}
    per_month: dict[dt.date, TotalsByCode] = {}
    for month in earlier + current:
        totals: TotalsByCode = {code: monthly.get((code, month), Totals()) for code in flow}
        for code in stock:
            running[code] = running[code] + monthly.get((code, month), Totals())
            totals[code] = running[code]
        per_month[month] = totals
    series = {}
    for code in codes:
        kpi = KPIS[code]

        def at(month, cap=None):
            last = month_end(month)
            return _rounded(value_of(kpi, per_month[month], Period(month, min(last, cap or last))), kpi)
        series[code] = {"current": [at(m, end) for m in current], "last_year": [at(m) for m in earlier]}
    return {"months": [m.strftime("%Y-%m") for m in current], "series": series}


def _rounded(value, kpi: Kpi):
    return None if value is None else round(value, kpi.decimals + 2)


def action_lists(user, unit: Unit, period: Period, limit: int = 10) -> list[dict]:
    out = []
    for item in ACTION_LISTS.values():
        if item.roles and not user.has_role(*item.roles):
            continue
        out.append({"code": item.code, "title": str(item.title), "rows": item.rows(user, unit, period, limit)})
    return out


def dashboard_data(*, user, unit: Unit, period: Period, codes=None) -> dict:
    """Everything the dashboard draws, as plain data (also served as JSON and printed as PDF)."""
    codes = list(codes or KPIS)
    figs = figures(unit, period, codes)
    return {
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name},
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "kpis": [figure_json(f, unit, period) for f in figs],
        "trend": trend(unit, period.end, codes),
        "ranking": ranking(unit, period, codes, live=False),
        "actions": action_lists(user, unit, period),
        "freshness": summaries_freshness(unit),
    }


def figure_json(f: Figure, unit: Unit, period: Period) -> dict:
    kpi = f.kpi
    return {
        "code": kpi.code, "name": str(kpi.name), "unit": str(kpi.unit), "direction": kpi.direction.value,
        "kind": kpi.kind.value, "decimals": kpi.decimals, "app": kpi.app,
        "value": _rounded(f.value, kpi), "last_year": _rounded(f.last_year, kpi),
        "change": _rounded(f.change, kpi), "better": f.better,
        "link": kpi.link(unit, period, "") if kpi.link else None,
        "parts": [dict(p, value=_rounded(p["value"], kpi),
                       link=kpi.link(unit, period, p["key"]) if kpi.link else None) for p in f.parts],
    }
