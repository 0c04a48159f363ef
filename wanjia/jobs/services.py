"""Starting background jobs and reporting their progress.

    from wanjia.jobs.services import job_task, job_start

    @job_task()
    def customers_import(job, upload_path):            # runs on a worker (at once in tests)
        rows = ...
        for i, chunk in enumerate(chunks, 1):
            ...                                        # each chunk in its own transaction
            job.progress(i * 500, total=len(rows))
        job.attach("导入结果.xlsx", data)               # optional result file (bytes)
        return _("导入 %(n)d 户") % {"n": len(rows)}   # optional one-line summary shown to the person

    job = job_start(customers_import, kind="customers.import", title=_("客户导入"), owner=request.user,
                    unit=unit, upload_path=path)
    # then render {% include "jobs/progress.html" %} with `job`: it polls itself until the job ends.

The task is enqueued in the caller's transaction: with the database backend its row commits (or rolls back)
with the job row, so a job is never started for a write that did not happen, nor lost after one that did.
A `DomainError` or `ValidationError` raised by the job becomes its readable error; any other exception is
logged with its traceback (also kept by the task framework) and shown as a generic failure.
"""
import functools
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wanjia.core.errors import DomainError
from wanjia.jobs.models import Job, JobStatus

logger = logging.getLogger("wanjia.jobs")


class JobHandle:
    """What a job function receives: the job row plus the calls that write its progress. Each call is one
    UPDATE; made inside a transaction of the job's own, it shows only when that commits, so report progress
    between chunks (after each chunk's transaction), where the polling page sees it."""

    def __init__(self, job: Job):
        self.job = job

    @property
    def pk(self) -> int:
        return self.job.pk

    def progress(self, done: int, total: int | None = None) -> None:
        self.job.done = done
        fields = {"done": done}
        if total is not None:
            self.job.total = total
            fields["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def attach(self, name: str, content: bytes) -> None:
        """Keep `content` as the job's result file, downloaded under `name`."""
        self.job.result.save(name, ContentFile(content), save=False)
        self.job.result_name = name
        Job.objects.filter(pk=self.job.pk).update(result=self.job.result.name, result_name=name)

    def link(self, url: str, label: str) -> None:
        """Point the person at the record the job made (a report's downloads, the list it filled)."""
        self.job.links = [*self.job.links, {"url": url, "label": str(label)}]
        Job.objects.filter(pk=self.job.pk).update(links=self.job.links)

    @property
    def owner(self):
        """Who started the job: the work runs with their scope. A job whose starter is gone does not run."""
        if self.job.owner is None:
            raise DomainError(_("发起人的账号已不存在,任务未执行。"))
        return self.job.owner

    def source_bytes(self) -> bytes:
        """The file the job was started with (`job_start(..., source=...)`)."""
        with self.job.source.open("rb") as handle:
            return handle.read()


def _readable(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return _("任务出错,已记录,请联系管理员。")


def job_task(**task_options):
    """Make `fn(job: JobHandle, *args, **kwargs)` a task of the framework that runs as the job whose id is
    its first argument: it claims the job (a job runs once even if its task is delivered twice), marks it
    running, then done (with the function's return value as its summary) or failed (with a readable error)."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(job_id: int, *args, **kwargs):
            claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
                status=JobStatus.RUNNING, started_at=timezone.now())
            if not claimed:
                return None
            job = Job.objects.get(pk=job_id)
            with translation.override(job.language or settings.LANGUAGE_CODE):
                try:
                    summary = fn(JobHandle(job), *args, **kwargs)
                except Exception as exc:
                    if not isinstance(exc, (DomainError, ValidationError)):
                        logger.exception("job %s (%s) failed", job_id, job.kind)
                    Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=_readable(exc),
                                                         finished_at=timezone.now())
                    return None
                finally:
                    _drop_source(job)
            done = {"status": JobStatus.DONE, "finished_at": timezone.now()}
            if summary:
                done["summary"] = str(summary)[:500]
            if job.total is not None:
                done["done"] = job.total
            Job.objects.filter(pk=job_id).update(**done)
            return None

        return task(**task_options)(run)

    return wrap


def _drop_source(job: Job) -> None:
    """An import's file holds customers' data: it is deleted once the job has read it, whatever the outcome."""
    if job.source:
        job.source.delete(save=False)
        Job.objects.filter(pk=job.pk).update(source="")


def job_start(job_function, *args, kind: str, title: str, owner=None, unit=None, total: int | None = None,
              source: tuple[str, bytes] | None = None, **kwargs) -> Job:
    """Record a job and enqueue `job_function` (made with `job_task`) for it, with the extra arguments
    (JSON-serialisable: ids and paths, not model instances). `source` (name, bytes) is a file the job reads
    (`JobHandle.source_bytes`), stored until the job ends. The job writes its words in the language active
    now (the starter's)."""
    job = Job(kind=kind, title=str(title)[:200], owner=owner, unit=unit, total=total,
              language=translation.get_language() or "")
    if source is not None:
        job.source.save(source[0], ContentFile(source[1]), save=False)
    job.save()
    result = job_function.enqueue(job.pk, *args, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job
