"""Overdue stages: tell the handler and the unit's manager once per deadline. Safe to run every minute and
twice at once: each stage is claimed with one conditional update, and the notices carry dedupe keys."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.connections.filtersets import stage_paused
from wanjia.core import worktime
from wanjia.connections.models import StageRecord
from wanjia.notifications.services import managers_above, notify


def run(now) -> dict:
    candidates = (StageRecord.objects
                  .filter(started_at__isnull=False, finished_at__isnull=True, due_at__lt=now,
                          overdue_notified_at__isnull=True)
                  .exclude(stage_paused())
                  .select_related("application", "application__station", "handler"))
    notified = 0
    for stage in candidates.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = StageRecord.objects.filter(pk=stage.pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now)
            if not claimed:
                continue  # another tick took it
            application = stage.application
            recipients = [*([stage.handler] if stage.handler else []), *managers_above(application.station)]
            notify(recipients=recipients, kind="connections.stage_overdue",
                   subject=_("业扩超时:%(n)s %(s)s") % {"n": application.number, "s": stage.get_stage_display()},
                   body=_("%(name)s 的「%(s)s」已超过期限 %(due)s。") % {
                       "name": application.applicant_name, "s": stage.get_stage_display(),
                       "due": worktime.deadline_label(stage.due_at)},
                   link=f"/connections/{application.pk}/",
                   dedupe_key=f"connections:overdue:{stage.pk}:{stage.due_at:%Y%m%d%H%M}")
            notified += 1
    return {"overdue_notified": notified}
