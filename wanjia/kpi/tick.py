"""Fold any stale summary keys a worker has not folded yet (a worker that was down), then recompute today's
and yesterday's summaries: a safety net for writes that send no signals (`QuerySet.update()`,
`bulk_create`). Idempotent and serialised by the summaries' lock in `services.recompute`, so running it twice
at once is harmless."""
import datetime as dt

from django.utils import timezone

from wanjia.kpi.services import rebuild, summaries_fold


def run(now) -> dict:
    today = timezone.localdate(now)
    folded = summaries_fold()
    return {"stale_keys_folded": folded, "summaries_recomputed": rebuild(today - dt.timedelta(days=1), today)}
