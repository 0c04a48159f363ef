"""The import page hands the file to a background job: the request only keeps the file and queues the work;
the worker checks and writes, reporting progress as it goes; the page follows the job to its end, with a link
to the customers or, when rows are bad, every bad row in a workbook to download."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from wanjia.core.testing import page_client
from wanjia.customers import importer
from wanjia.customers.models import Customer
from wanjia.customers.tests.test_import import rows
from wanjia.jobs.models import Job, JobStatus
from wanjia.jobs.tests.test_worker import DATABASE_TASKS
from wanjia.org.models import Role


def _upload(text, name="客户.csv"):
    return SimpleUploadedFile(name, text.encode())


@pytest.mark.django_db
def test_import_reports_progress_row_by_row(tree, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    seen = []
    importer.import_customers(rows(tree).encode(), "c.csv", progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2) and (1, 2) in seen


@pytest.mark.django_db
def test_the_page_follows_the_job_to_its_result(tree):
    client = page_client(tree.a.users[Role.COUNTER])
    response = client.post("/customers/import/", {"file": _upload(rows(tree))})
    job = Job.objects.get(kind="customers.import")
    assert response["Location"] == f"/customers/import/?job={job.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "已开始导入 客户.csv" in page  # the message names the file
    assert "已从 客户.csv 导入 2 个客户。" in page and 'href="/customers/"' in page
    assert f'id="job-{job.pk}"' in page and "every 1s" not in page  # done: it stops polling
    assert (job.done, job.total, job.status, job.source) == (2, 2, JobStatus.DONE, "")  # the file is gone
    assert Customer.objects.count() == 2


@pytest.mark.django_db
def test_bad_rows_end_the_job_with_their_lines_and_a_workbook_of_all_of_them(tree):
    client = page_client(tree.a.users[Role.COUNTER])
    bad = [f"x{i},,居民,,否,,,,,NOPE,," for i in range(12)]
    page = client.post("/customers/import/", {"file": _upload(rows(tree, *bad))}, follow=True).content.decode()
    assert "文件有误,未导入任何记录。" in page and "第 4 行" in page and "共 12 行有误" in page
    job = Job.objects.get(kind="customers.import")
    assert job.status == JobStatus.FAILED and not Customer.objects.exists()
    download = client.get(f"/jobs/{job.pk}/result/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    lines = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert lines == list(range(4, 16))


@pytest.mark.django_db
def test_other_counties_cannot_follow_the_job(tree):
    page_client(tree.a.users[Role.COUNTER]).post("/customers/import/", {"file": _upload(rows(tree))})
    job = Job.objects.get(kind="customers.import")
    other = page_client(tree.b.users[Role.COUNTER]).get(f"/customers/import/?job={job.pk}").content.decode()
    assert f'id="job-{job.pk}"' not in other


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_request_only_queues_the_work_and_the_worker_does_it(tree):
    client = page_client(tree.a.users[Role.COUNTER])
    client.post("/customers/import/", {"file": _upload(rows(tree))})
    job = Job.objects.get(kind="customers.import")
    assert job.status == JobStatus.QUEUED and job.source and not Customer.objects.exists()
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "排队中" in partial and "every 1s" in partial

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Customer.objects.count() == 2 and not job.source
