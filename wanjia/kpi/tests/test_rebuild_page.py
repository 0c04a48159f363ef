"""Administrators rebuild the KPI summaries from a page: a background job whose progress the page follows,
ending with a link to the dashboard. Nobody else may start one."""
import pytest

from wanjia.core.testing import make_customer, page_client
from wanjia.jobs.models import Job, JobStatus
from wanjia.kpi.models import DailySummary
from wanjia.kpi.registry import summarised
from wanjia.org.models import Role

# Written on fixed November 2026 dates: run at the default clock in the date replays too.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_clock")]


def test_administrator_rebuilds_and_follows_the_job(tree):
    make_customer(tree.a)
    DailySummary.objects.all().delete()
    client = page_client(tree.admin)
    assert "/kpi/rebuild/" in client.get("/").content.decode()  # in the administrator's menu
    response = client.post("/kpi/rebuild/", {"start": "2026-11-01", "end": ""})
    job = Job.objects.get(kind="kpi.rebuild")
    assert response["Location"] == f"/kpi/rebuild/?job={job.pk}"
    assert (job.status, job.done, job.total) == (JobStatus.DONE, len(summarised()), len(summarised()))
    page = client.get(response["Location"]).content.decode()
    assert "2026-11-01 至 2026-11-18" in page  # the message and the job name the days rebuilt
    assert "已重算" in page and 'href="/kpi/"' in page
    assert DailySummary.objects.filter(kpi_code="customers.total", unit=tree.province).exists()


def test_an_end_without_a_start_is_refused_beside_the_field(tree):
    response = page_client(tree.admin).post("/kpi/rebuild/", {"start": "", "end": "2026-11-01"})
    assert response.status_code == 400 and "也请填开始日期" in response.content.decode()
    assert not Job.objects.exists()


def test_managers_may_not_rebuild(tree):
    client = page_client(tree.province_manager)
    assert client.post("/kpi/rebuild/", {}).status_code == 403
    assert "/kpi/rebuild/" not in client.get("/").content.decode()
