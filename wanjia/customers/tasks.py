"""The customer import as a background job: a large register takes minutes to check and write."""
from django.urls import reverse
from django.utils.translation import gettext as _

from wanjia.customers.importer import ImportFailed, import_customers, import_failure
from wanjia.jobs.services import job_task


@job_task()
def customers_import(job, filename: str):
    try:
        count = import_customers(job.source_bytes(), filename, user=job.owner, progress=job.progress)
    except ImportFailed as exc:
        raise import_failure(job, exc) from None
    job.link(reverse("customers:list"), _("查看客户"))
    return _("已从 %(file)s 导入 %(n)d 个客户。") % {"file": filename, "n": count}
