"""Reads about payments: scoped channel lists, collection speed, and points near a place."""
import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.text import in_language, label
from wanjia.halls.selectors import period_bounds
from wanjia.org.models import Unit
from wanjia.payments.coverage import by_distance
from wanjia.payments.filtersets import ChannelFilterSet
from wanjia.payments.models import ChannelKind, PaymentChannel, PaymentMeasure, PaymentRecord
from wanjia.payments.standards import standards_for


def channel_list(*, user, filters=None) -> QuerySet[PaymentChannel]:
    base = PaymentChannel.objects.restrict(user).select_related("kind", "unit")
    return ChannelFilterSet(filters or {}, queryset=base).qs


MEASURE_STATES = ("open", "overdue", "done")


def measure_list(*, user, state: str = "") -> QuerySet[PaymentMeasure]:
    """Measures for 缴费难 villages in the user's scope: open ones first (soonest due), then done ones."""
    qs = (PaymentMeasure.objects.restrict(user)
          .select_related("transformer__feeder__station", "unit", "kind", "channel")
          .order_by(F("done_on").desc(nulls_first=True), "due_date", "pk"))
    if state == "open":
        qs = qs.filter(done_on__isnull=True)
    elif state == "overdue":
        qs = qs.filter(done_on__isnull=True, due_date__lt=timezone.localdate())
    elif state == "done":
        qs = qs.filter(done_on__isnull=False)
    return qs


def open_measures(transformer_ids) -> dict[int, list[PaymentMeasure]]:
    """Transformer id → its measures not done yet (the difficult-village list shows what is under way)."""
    out: dict[int, list[PaymentMeasure]] = {}
    for m in (PaymentMeasure.objects.filter(transformer_id__in=transformer_ids, done_on__isnull=True)
              .select_related("kind").order_by("due_date", "pk")):
        out.setdefault(m.transformer_id, []).append(m)
    return out


@dataclass
class Collection:
    label: str
    payments: int = 0
    amount: float = 0.0
    posted: int = 0
    fast: int = 0
    pending: int = 0  # not posted yet and still inside the limit: neither fast nor late
    median_hours: float | None = None
    p90_hours: float | None = None

    @property
    def fast_share(self) -> float | None:
        decided = self.payments - self.pending
        return self.fast / decided if decided else None


def collection_figures(*, records: QuerySet[PaymentRecord], start: dt.date, end: dt.date,
                       now: dt.datetime) -> list[Collection]:
    """Collection speed per channel kind plus a total row (first): payments, amount, share posted within the
    applicable posting limit (see standards.py), median and 90th percentile hours from payment to posting."""
    lo, hi = period_bounds(start, end)
    rows = list(records.filter(paid_at__gte=lo, paid_at__lt=hi)
                .values_list("channel__kind", "amount", "paid_at", "posted_at", "customer__station__path"))
    limits = standards_for({r[4] for r in rows})
    kinds = {k.pk: label(k) for k in ChannelKind.objects.filter(pk__in={r[0] for r in rows})}
    buckets: dict[str, list] = {}
    for row in rows:
        buckets.setdefault(kinds[row[0]], []).append(row)
    out = [_collect(str(_("合计")), rows, limits, now)]
    out += [_collect(label, items, limits, now) for label, items in sorted(buckets.items())]
    return out


def _collect(label, rows, limits, now) -> Collection:
    c = Collection(label=label, payments=len(rows), amount=float(sum(r[1] for r in rows)))
    hours = []
    for _g, _amount, paid, posted, path in rows:
        limit = limits[path].posting_hours
        if posted is None:
            if (now - paid).total_seconds() / 3600 <= limit:
                c.pending += 1
            continue
        h = (posted - paid).total_seconds() / 3600
        hours.append(h)
        c.posted += 1
        c.fast += h <= limit
    if hours:
        c.median_hours, c.p90_hours = (float(x) for x in np.percentile(hours, [50, 90]))
    return c


def fast_collection_share(*, unit: Unit, start: dt.date, end: dt.date, now: dt.datetime) -> float | None:
    """The total row's fast_share of `collection_figures`, counted in SQL (a province's year of payments is
    millions of rows): the units under `unit` are grouped by their posting limit, usually one group, and
    each group's fast and pending payments are counted with the limit as an interval."""
    lo, hi = period_bounds(start, end)
    units = dict(Unit.objects.filter(path__startswith=unit.path).values_list("path", "pk"))
    by_limit: dict[float, list[int]] = {}
    for path, std in standards_for(units).items():
        by_limit.setdefault(std.posting_hours, []).append(units[path])
    counts = {"n": Count("pk")}
    # The largest group is "every other station", so the usual single group needs no id list at all.
    groups = sorted(by_limit.items(), key=lambda item: -len(item[1]))
    for i, (hours, ids) in enumerate(groups):
        group = Q(customer__station_id__in=ids) if i else ~Q(
            customer__station_id__in=[pk for _h, other in groups[1:] for pk in other])
        if hours == float("inf"):  # no standard: nothing is late, everything posted is fast
            counts[f"fast{i}"] = Count("pk", filter=group & Q(posted_at__isnull=False))
            counts[f"pending{i}"] = Count("pk", filter=group & Q(posted_at__isnull=True))
            continue
        limit = dt.timedelta(hours=hours)
        counts[f"fast{i}"] = Count("pk", filter=group & Q(posted_at__lte=F("paid_at") + limit))
        counts[f"pending{i}"] = Count("pk", filter=group & Q(posted_at__isnull=True, paid_at__gte=now - limit))
    totals = PaymentRecord.objects.filter(customer__station__path__startswith=unit.path, paid_at__gte=lo,
                                          paid_at__lt=hi).aggregate(**counts)
    fast = sum(totals[f"fast{i}"] for i in range(len(by_limit)))
    decided = totals["n"] - sum(totals[f"pending{i}"] for i in range(len(by_limit)))
    return fast / decided if decided else None


def channels_near(latitude: float, longitude: float, *, limit: int = 20, physical_only: bool = True) -> list[dict]:
    """Active payment points nearest a place, closest first, with their distance in km."""
    qs = PaymentChannel.objects.filter(is_active=True, latitude__isnull=False).select_related("kind")
    if physical_only:
        qs = qs.filter(kind__is_physical=True)
    points = list(qs.values("id", "name", "kind__name", "kind__name_en", "address", "hours", "phone", "latitude",
                            "longitude"))
    if not points:
        return []
    order, d = by_distance(latitude, longitude, [(p["latitude"], p["longitude"]) for p in points], limit)
    return [{**points[i], "kind": in_language(points[i]["kind__name"], points[i]["kind__name_en"]),
             "distance_km": float(d[i])} for i in order]
