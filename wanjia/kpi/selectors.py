"""Reads of the summaries. Every figure is a SUM over one unit's rows (its subtree is already rolled up into
them), so a province-wide dashboard costs the same few queries as a station's. Whole months inside a
period are read from the monthly rows, the part months at its edges from the daily rows."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, Sum

from wanjia.kpi.models import DailySummary, MonthlySummary
from wanjia.kpi.registry import ACTION_LISTS, KPIS, Direction, Kind, Kpi, Period, Totals, expand
from wanjia.kpi.services import month_end, summaries_freshness, summary_flush
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


def _segments(which: Q, start: dt.date | None, end: dt.date) -> tuple[Q, Q]:
    """Filters on the monthly rows and on the daily rows of the codes `which` selects that together cover
    start..end (start None: from the beginning) exactly once."""
    first_full = start if start is None or start.day == 1 else month_end(start) + dt.timedelta(days=1)
    last_full = end if end == month_end(end) else end.replace(day=1) - dt.timedelta(days=1)
    if first_full is not None and first_full > last_full:  # no whole month inside
        return NOTHING, which & Q(day__range=(start, end))
    months = which & Q(month__lte=last_full)
    days = NOTHING
    if first_full is not None:
        months &= Q(month__gte=first_full)
        if start < first_full:
            days |= which & Q(day__range=(start, first_full - dt.timedelta(days=1)))
    if last_full < end:
        days |= which & Q(day__range=(last_full + dt.timedelta(days=1), end))
    return months, days


def _window(period: Period, flow: Q | None, stock: Q | None) -> tuple[Q, Q]:
    """(monthly filter, daily filter) of one period: the codes `flow` selects over the period, the codes
    `stock` selects from the beginning to its end (None: no such codes)."""
    months, days = _segments(flow, period.start, period.end) if flow is not None else (NOTHING, NOTHING)
    if stock is not None:
        stock_months, stock_days = _segments(stock, None, period.end)
        months, days = months | stock_months, days | stock_days
    return months, days


def raw_totals(unit_ids, codes, *periods: Period) -> list[dict[int, dict[tuple[str, str], Totals]]]:
    """For each period: {unit id: {(code, breakdown): Totals}} for summary-backed `codes` (STOCK KPIs: from
    the beginning to the period's end). One query on the monthly rows and one on the daily rows cover all
    the periods, each summed with its own FILTER."""
    summary_flush()  # this transaction's own writes first
    flow, stock = _split(codes)
    # The rows are already limited to `codes`: a window names only the few STOCK codes, so the SQL stays
    # short (psycopg re-parses every statement over 4 KB, about 5 ms each).
    is_stock = Q(kpi_code__in=stock)
    windows = [_window(p, (~is_stock if stock else Q()) if flow else None, is_stock if stock else None)
               for p in periods]
    # The same ranges without the codes: plain conditions the index range can use.
    spans = [NOTHING, NOTHING]
    for p in periods:
        for index, span in enumerate(_window(p, Q() if flow else None, Q() if stock else None)):
            spans[index] |= span
    out: list[dict[int, dict]] = [defaultdict(dict) for _ in periods]
    for index, model in enumerate((MonthlySummary, DailySummary)):
        wheres = [w[index] for w in windows]
        live = [i for i, where in enumerate(wheres) if where != NOTHING]
        if not live:
            continue
        sums = {}
        for i in live:
            sums[f"n{i}"] = Sum("numerator", filter=wheres[i])
            sums[f"d{i}"] = Sum("denominator", filter=wheres[i])
        # Rows in a span but in no window of their code sum to NULL everywhere and are skipped below.
        rows = (model.objects.filter(unit_id__in=list(unit_ids), kpi_code__in=flow + stock).filter(spans[index])
                .values("unit_id", "kpi_code", "breakdown").annotate(**sums).order_by())
        for row in rows:
            key = (row["kpi_code"], row["breakdown"])
            for i in live:
                if row[f"n{i}"] is None and row[f"d{i}"] is None:
                    continue
                bucket = out[i][row["unit_id"]]
                bucket[key] = bucket.get(key, Totals()) + Totals(row[f"n{i}"] or 0.0, row[f"d{i}"] or 0.0)
    return out


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
    now_all, then_all = raw_totals([unit.pk], base, period, last)
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
    kids = list(children(unit).only("id", "name", "code"))
    parts = raw_totals([k.pk for k in kids], expand(codes), period)[0]
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
    if last_whole < end:
        rows += [(code, current[-1], n, d) for code, n, d in
                 DailySummary.objects.filter(unit_id=unit.pk, kpi_code__in=base, day__gte=current[-1], day__lte=end)
                 .values_list("kpi_code").annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()]
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
