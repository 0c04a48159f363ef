"""Background work of the KPI app: folding stale summary keys, and rebuilds someone waits for."""
import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from wanjia.jobs.services import job_task
from wanjia.kpi.registry import KPIS, summarised
from wanjia.kpi.services import rebuild, summaries_fold


@task(queue_name="summaries")
def summaries_fold_task() -> int:
    return summaries_fold()


@job_task(queue_name="summaries")
def summaries_rebuild(job, start: str | None = None, end: str | None = None, codes: list[str] | None = None):
    """`wanjia kpi rebuild --background`: the same rebuild, one KPI after another, with progress."""
    kpis = [KPIS[c] for c in codes] if codes else summarised()
    job.progress(0, total=len(kpis))
    done = 0

    def advance(_kpi):
        nonlocal done
        done += 1
        job.progress(done)

    rebuild(dt.date.fromisoformat(start) if start else None, dt.date.fromisoformat(end) if end else None,
            [k.code for k in kpis], progress=advance)
    job.link(reverse("kpi:dashboard"), _("查看指标看板"))
    return _("已重算 %(n)d 个指标") % {"n": len(kpis)}
