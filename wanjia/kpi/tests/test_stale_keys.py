"""Summary upkeep leaves the request: a write notes the (KPI, unit, day) keys it made stale; a worker folds
them; the dashboard says how fresh the summaries are."""
import datetime as dt
import time

import pytest
import time_machine
from django.core.management import call_command
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from wanjia.core.testing import make_customer
from wanjia.kpi.models import DailySummary, StaleKey
from wanjia.kpi.services import (FOLD_RUNNING_KEY, FOLD_SCHEDULED_KEY, FOLD_SECONDS_KEY, fold_delay,
                                 summaries_fold, summaries_fold_soon)
from wanjia.kpi.tests.helpers import drained_snapshot, rebuilt_snapshot
from wanjia.repairs.tests.helpers import intake

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default", "summaries", "notifications"]}}


@pytest.fixture(autouse=True)
def _no_fold_scheduled(monkeypatch):
    """Each test starts with no fold scheduled: neither this process's timer nor the shared mark (the cache
    table outlives a transactional test's flush)."""
    from wanjia.kpi import services

    monkeypatch.setattr(services, "_next_fold_at", 0.0)
    cache.delete(FOLD_SCHEDULED_KEY)


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
@override_settings(TASKS=DATABASE_TASKS, WANJIA_SUMMARY_FOLD_DELAY=0, WANJIA_SUMMARY_FOLD_PACE=0)
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


@pytest.mark.django_db
@override_settings(WANJIA_SUMMARY_FOLD_DELAY=2, WANJIA_SUMMARY_FOLD_PACE=10)
def test_folds_are_spaced_by_their_own_cost_under_sustained_writes(tree):
    cache.delete(FOLD_SECONDS_KEY)
    assert fold_delay() == 2  # nothing folded yet: a quiet system folds within seconds

    intake(make_customer(tree.a))
    assert summaries_fold() > 0
    took = cache.get(FOLD_SECONDS_KEY)
    assert took > 0  # the fold measured itself, for the web processes that schedule the next one
    assert fold_delay() == max(2, 10 * took)

    cache.set(FOLD_SECONDS_KEY, 1.5)  # a storm: a fold of the day's keys takes 1.5 s
    assert fold_delay() == 15
    assert summaries_fold() == 0 and cache.get(FOLD_SECONDS_KEY) == 1.5  # an empty fold measures nothing

    cache.set(FOLD_RUNNING_KEY, time.time() - 4)  # a fold running for 4 s already
    assert fold_delay() == pytest.approx(40, abs=1)
    cache.set(FOLD_RUNNING_KEY, time.time() - 3600)  # never more than the longest wait
    assert fold_delay() == 300
    summaries_fold()
    assert cache.get(FOLD_RUNNING_KEY) is None


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS, WANJIA_SUMMARY_FOLD_DELAY=5, WANJIA_SUMMARY_FOLD_PACE=0)
def test_one_fold_waits_for_the_whole_installation(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from wanjia.kpi import services

    summaries_fold_soon()
    monkeypatch.setattr(services, "_next_fold_at", 0.0)  # a second web process, which has scheduled nothing
    summaries_fold_soon()
    (fold,) = DBTaskResult.objects.all()
    assert 4 <= (fold.run_after - timezone.now()).total_seconds() <= 5
    assert services._next_fold_at > 0  # the second process waits for that fold's start before asking again


@pytest.mark.django_db
def test_a_fold_ends_under_steady_writes_and_leaves_later_notes_to_the_next(tree, monkeypatch):
    from wanjia.kpi import services

    intake(make_customer(tree.a))
    fold = services._fold

    def fold_while_a_write_arrives(by_day):
        fold(by_day)
        StaleKey.objects.create(kpi_code="repairs.orders", unit_id=tree.a.station.pk, day=timezone.localdate())

    monkeypatch.setattr(services, "_fold", fold_while_a_write_arrives)
    assert summaries_fold() > 0  # once took every row noted while it ran, and so never ended under writes
    assert StaleKey.objects.count() == 1  # noted during the fold: the next fold's
