"""Overdue plan work reaches the unit's manager once: tasks past their due date (claimed by a conditional
update, like overdue hazards) and requirements whose window closed without the unit meeting them (guarded
by the notifications' dedupe keys)."""
import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.campaign import compliance
from wanjia.campaign.models import Campaign, RequirementKind, Task
from wanjia.notifications.models import Notification
from wanjia.notifications.services import managers_above, notify

# A closed window is chased while the campaign runs and for this long after it ends (then it is history).
GRACE = dt.timedelta(days=30)


def tasks_notify_overdue(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    count = 0
    for task in Task.objects.filter(done_at__isnull=True, due_date__lt=today, overdue_notified_at__isnull=True
                                    ).select_related("unit", "owner", "phase__campaign"):
        with transaction.atomic():
            if not Task.objects.filter(pk=task.pk, overdue_notified_at__isnull=True).update(overdue_notified_at=now):
                continue
            recipients = managers_above(task.unit) + ([task.owner] if task.owner else [])
            notify(recipients=recipients, kind="campaign_task_overdue",
                   subject=_("任务「%(t)s」逾期未完成") % {"t": task.title[:80]},
                   body=_("%(u)s:%(c)s,完成期限 %(d)s。") % {"u": task.unit, "c": task.phase.campaign,
                                                          "d": task.due_date},
                   link=reverse("campaign:task", args=[task.pk]), dedupe_key=f"campaign-task-overdue:{task.pk}")
            count += 1
    return count


def requirements_notify_overdue(now: dt.datetime) -> int:
    today = timezone.localdate(now)
    count = 0
    for campaign in Campaign.objects.filter(start_date__lte=today, end_date__gte=today - GRACE).select_related("unit"):
        closed = [r for r in campaign.requirements.all() if r.end_date < today and r.kind != RequirementKind.TASKS]
        if not closed:
            continue
        table = compliance.matrix(campaign=campaign, unit=campaign.unit, today=today)
        cells = [(row.unit, cell.requirement) for row in table["rows"] for cell in row.cells
                 if cell.status == compliance.Status.OVERDUE and cell.requirement in closed]
        keys = {f"campaign-requirement-overdue:{r.pk}:{u.pk}" for u, r in cells}
        sent = set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        for unit, requirement in cells:
            key = f"campaign-requirement-overdue:{requirement.pk}:{unit.pk}"
            if key in sent:
                continue
            with transaction.atomic():
                created = notify(
                    recipients=managers_above(unit), kind="campaign_requirement_overdue",
                    subject=_("%(u)s 未按期完成「%(r)s」") % {"u": unit, "r": requirement.name},
                    body=_("%(c)s:要求在 %(s)s 至 %(e)s 期间完成,系统中没有相应记录。") % {
                        "c": campaign, "s": requirement.start_date, "e": requirement.end_date},
                    link=reverse("campaign:compliance", args=[campaign.pk]), dedupe_key=key)
            count += bool(created)
    return count


def run(now) -> dict:
    return {"tasks_overdue": tasks_notify_overdue(now), "requirements_overdue": requirements_notify_overdue(now)}
