"""Closing forgotten duties (`wanjia tick`): a clerk still signed on from an earlier day is signed off at the
end of that day, so tomorrow's visits at the counter are not credited to them. One conditional UPDATE per
duty (`ended_at IS NULL`): running twice, or twice at once, closes each duty once."""
import datetime as dt

from django.utils import timezone

from wanjia.halls.models import CounterDuty


def run(now) -> dict:
    tz = timezone.get_current_timezone()
    today = dt.datetime.combine(timezone.localtime(now, tz).date(), dt.time.min, tz)
    closed = 0
    for duty in CounterDuty.objects.filter(ended_at__isnull=True, started_at__lt=today).only("id", "started_at"):
        started_day = timezone.localtime(duty.started_at, tz).date()
        end_of_day = dt.datetime.combine(started_day + dt.timedelta(days=1), dt.time.min, tz)
        closed += CounterDuty.objects.filter(pk=duty.pk, ended_at__isnull=True).update(ended_at=end_of_day)
    return {"duties_closed": closed}
