"""Summary upkeep leaves the request: a write notes the (KPI, unit, day) keys it made stale; a worker folds
them; the dashboard says how fresh the summaries are."""
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.kpi.models import DailySummary, StaleKey
from wanjia.kpi.services import summaries_fold
from wanjia.kpi.tests.helpers import drained_snapshot, rebuilt_snapshot
from wanjia.repairs.tests.helpers import intake

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default", "summaries", "notifications"]}}


@pytest.mark.django_db
def test_a_write_notes_its_stale_keys_and_leaves_the_summaries_to_the_fold(tree):
    customer = make_customer(tree.a)
    intake(customer)
    noted = set(StaleKey.objects.values_list("kpi_code", "unit_id"))
    assert ("customers.total", tree.a.station.pk) in noted
    assert ("repairs.orders", tree.a.station.pk) in noted
    assert not DailySummary.objects.filter(kpi_code="repairs.orders").exists()  # not touched in the request

    assert drained_snapshot() == rebuilt_snapshot()
    assert DailySummary.objects.filter(kpi_code="repairs.orders", unit=tree.province).get().numerator == 1


@pytest.mark.django_db
def test_dashboard_says_how_fresh_the_summaries_are(tree):
    client = Client()
    client.force_login(tree.a.users["manager"])
    url = f"/kpi/?unit={tree.a.unit.pk}&preset=month"
    assert "汇总已是最新" in client.get(url).content.decode()

    StaleKey.objects.create(kpi_code="repairs.orders", unit=tree.a.station, day=timezone.localdate(),
                            noted_at=timezone.now() - dt.timedelta(seconds=42))
    with time_machine.travel(timezone.now(), tick=False):  # the page takes its time on a busy machine
        assert "汇总更新于 42 秒前" in client.get(url).content.decode()
        data = client.get(url + "&format=json").json()
    assert data["freshness"] == {"stale": 1, "seconds": 42}
    # County A's waiting keys say nothing about county B's figures.
    other = Client()
    other.force_login(tree.b.users["manager"])
    assert "汇总已是最新" in other.get(f"/kpi/?unit={tree.b.unit.pk}&preset=month").content.decode()

    summaries_fold()
    assert "汇总已是最新" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_TASKS, WANJIA_SUMMARY_FOLD_DELAY=0)
def test_the_worker_folds_after_the_commit(tree):
    customer = make_customer(tree.a)  # autocommit: noted and a fold queued at once
    intake(customer)
    assert StaleKey.objects.exists()
    assert not DailySummary.objects.filter(kpi_code="repairs.orders").exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    assert not StaleKey.objects.exists()
    assert drained_snapshot() == rebuilt_snapshot()
    assert DailySummary.objects.get(kpi_code="repairs.orders", unit=tree.province).numerator == 1


@pytest.mark.django_db
def test_rebuild_in_the_background_is_a_job_with_progress(tree):
    from wanjia.jobs.models import Job, JobStatus

    make_customer(tree.a)
    DailySummary.objects.all().delete()
    call_command("kpi", "rebuild", "--kpi", "customers.total", "--kpi", "customers.new", "--background")
    job = Job.objects.get(kind="kpi.rebuild")
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    assert DailySummary.objects.filter(kpi_code="customers.total", unit=tree.province).exists()
