"""Recompute today's and yesterday's summaries: a safety net for writes that send no signals
(`QuerySet.update()`, `bulk_create`). Idempotent and serialised by the advisory lock in
`services.recompute`, so running it twice at once is harmless."""
import datetime as dt

from django.utils import timezone

from wanjia.kpi.services import rebuild


def run(now) -> dict:
    today = timezone.localdate(now)
    return {"summaries_recomputed": rebuild(today - dt.timedelta(days=1), today)}
