"""Background jobs: the person who started one follows its progress and downloads its result; people outside
its unit never see it. Tasks run at once in tests (ImmediateBackend)."""
import pytest
from django.conf import settings
from django.test import Client

from wanjia.core.errors import DomainError
from wanjia.jobs.models import Job, JobStatus
from wanjia.jobs.services import job_start, job_task


@job_task()
def count_to(job, n: int):
    for i in range(1, n + 1):
        job.progress(i, total=n)
    job.attach("结果.csv", "=1+1,计数\n".encode())
    return f"数到 {n}"


@job_task()
def refuse(job):
    job.progress(1, total=3)
    raise DomainError("导入文件没有表头。", code="no_header")


@job_task()
def crash(job):
    raise RuntimeError("secret detail from the database")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_job_runs_and_its_owner_downloads_the_result(tree):
    owner = tree.a.users["manager"]
    job = job_start(count_to, 3, kind="test.count", title="计数", owner=owner, unit=tree.a.unit)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.summary) == (JobStatus.DONE, 3, 3, "数到 3")
    assert job.task_id

    client = _client(owner)
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in partial and "数到 3" in partial
    assert "hx-trigger" not in partial  # a finished job stops polling
    download = client.get(f"/jobs/{job.pk}/result/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "=1+1,计数\n".encode()
    assert "attachment" in download["Content-Disposition"]
    assert "计数" in client.get("/jobs/").content.decode()


@pytest.mark.django_db
def test_the_result_link_separates_its_file_name_in_each_languages_own_way(tree):
    owner = tree.a.users["manager"]
    job = job_start(count_to, 1, kind="test.count", title="计数", owner=owner, unit=tree.a.unit)
    client = _client(owner)
    assert "下载结果：" in client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'Download result: <span translate="no">结果.csv</span>' in partial and "：" not in partial


@pytest.mark.django_db
def test_job_outside_the_users_unit_is_invisible(tree):
    job = job_start(count_to, 1, kind="test.count", title="计数", owner=tree.a.users["manager"], unit=tree.a.unit)
    other = _client(tree.b.users["manager"])
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/result/").status_code == 404
    # A colleague of the same county may follow it (its result holds that county's data).
    assert _client(tree.a.users["dispatcher"]).get(f"/jobs/{job.pk}/result/").status_code == 200
    assert _client(tree.province_manager).get(f"/jobs/{job.pk}/").status_code == 200


@pytest.mark.django_db
def test_unfinished_job_polls_itself(tree):
    owner = tree.a.users["manager"]
    job = Job.objects.create(kind="test.wait", title="等待中", owner=owner, unit=tree.a.unit,
                             status=JobStatus.RUNNING, done=2, total=8)
    partial = _client(owner).get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="/jobs/{job.pk}/"' in partial and "every 1s" in partial
    assert "2 / 8" in partial and "width: 25%" in partial


@pytest.mark.django_db
def test_refusal_is_shown_and_a_crash_is_not_leaked(tree):
    owner = tree.a.users["manager"]
    refused = job_start(refuse, kind="test.refuse", title="导入", owner=owner, unit=tree.a.unit)
    refused.refresh_from_db()
    assert (refused.status, refused.error, refused.done) == (JobStatus.FAILED, "导入文件没有表头。", 1)
    crashed = job_start(crash, kind="test.crash", title="报告", owner=owner, unit=tree.a.unit)
    crashed.refresh_from_db()
    assert crashed.status == JobStatus.FAILED
    page = _client(owner).get(f"/jobs/{crashed.pk}/").content.decode()
    assert "secret detail" not in page and "任务出错" in page


@pytest.mark.django_db
def test_a_job_runs_once_even_if_its_task_is_delivered_twice(tree):
    job = job_start(count_to, 2, kind="test.count", title="计数", owner=tree.a.users["manager"], unit=tree.a.unit)
    Job.objects.filter(pk=job.pk).update(done=0)
    count_to.call(job.pk, 2)  # a second delivery of the same task
    job.refresh_from_db()
    assert job.done == 0
