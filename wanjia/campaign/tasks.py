"""The campaign summary report as a background job: its figures read the whole campaign and its PDF takes
seconds to lay out."""
from django.urls import reverse
from django.utils.translation import gettext as _

from wanjia.campaign.models import Campaign
from wanjia.campaign.report import report_generate
from wanjia.jobs.services import job_task
from wanjia.org.models import Unit


@job_task()
def report_generate_task(job, campaign_id: int, unit_id: int):
    campaign, unit = Campaign.objects.get(pk=campaign_id), Unit.objects.get(pk=unit_id)
    report = report_generate(campaign=campaign, unit=unit, actor=job.owner, progress=job.progress)
    job.link(reverse("campaign:report_download", args=[report.pk, "xlsx"]), _("下载 Excel"))
    job.link(reverse("campaign:report_download", args=[report.pk, "pdf"]), _("下载 PDF"))
    return _("已生成「%(campaign)s」%(unit)s 的总结报告。") % {"campaign": campaign.name, "unit": unit.name}
