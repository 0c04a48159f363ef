"""The forecast import as a background job, like the customer import."""
from django.urls import reverse
from django.utils.translation import gettext as _

from wanjia.customers.importer import ImportFailed, import_failure
from wanjia.jobs.services import job_task
from wanjia.orderly.services import forecast_import


@job_task()
def forecast_import_task(job, filename: str):
    try:
        count = forecast_import(actor=job.owner, data=job.source_bytes(), filename=filename, progress=job.progress)
    except ImportFailed as exc:
        raise import_failure(job, exc) from None
    job.link(reverse("orderly:index"), _("查看预警与方案"))
    return _("已从 %(file)s 导入 %(n)d 个时段的缺口预测。") % {"file": filename, "n": count}
