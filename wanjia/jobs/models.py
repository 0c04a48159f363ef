"""A job: one piece of background work a person started and waits for (an import, a report, a rebuild), with
its progress and result file. The task itself runs on the task framework (`django_tasks`); this row is what
the person's page polls."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wanjia.core.files import GeneratedPath
from wanjia.org.scoping import ScopedManager


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    kind = models.CharField(_("类型"), max_length=60, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="jobs")
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位范围"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    result = models.FileField(_("结果文件"), upload_to=GeneratedPath("jobs/"), blank=True, db_index=True)
    result_name = models.CharField(_("结果文件名"), max_length=200, blank=True)
    summary = models.CharField(_("结果说明"), max_length=500, blank=True)
    # Where the work's result lives besides the file: [{"url": "/campaign/…", "label": "PDF"}], our own paths.
    links = models.JSONField(_("结果链接"), default=list, blank=True)
    error = models.TextField(_("错误"), blank=True)
    # The file the job works on (an uploaded import), kept only until the job ends.
    source = models.FileField(_("输入文件"), upload_to=GeneratedPath("job-inputs/"), blank=True)
    # The starter's language: the summary, error and links the job writes are in it.
    language = models.CharField(_("语言"), max_length=10, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    scope_path = "unit"
    audit_exempt = True  # a technical record of work done; the records the work writes keep history
    objects = ScopedManager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(self.done * 100 / self.total))
