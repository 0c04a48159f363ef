"""The worker itself: with the database backend a job waits in the task table until `db_worker` runs it."""
import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from wanjia.jobs.models import Job, JobStatus
from wanjia.jobs.services import job_start
from wanjia.jobs.tests.test_jobs import count_to

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default", "summaries", "notifications"]}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_db_worker_runs_a_queued_job(tree):
    job = job_start(count_to, 4, kind="test.count", title="计数", owner=tree.a.users["manager"], unit=tree.a.unit)
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id).exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.done, job.summary) == (JobStatus.DONE, 4, "数到 4")
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
