from django.db.models import Q

from wanjia.jobs.models import Job
from wanjia.org.models import Unit


def jobs_visible(user):
    """Jobs a user may follow: their own, and (for scoped staff) those of units in their subtree, whose
    results hold that subtree's data."""
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    in_scope = Q(unit__in=Unit.objects.filter(path__startswith=user.unit.path).values("pk")) if user.unit_id else Q(pk__in=[])
    return Job.objects.filter(Q(owner=user) | in_scope)


def job_shown(request, kind: str) -> Job | None:
    """The job of `kind` named by `?job=<id>`, if the user may follow it: the page that started it shows its
    progress after the redirect."""
    pk = request.GET.get("job", "")
    if not pk.isdigit():
        return None
    return jobs_visible(request.user).filter(pk=int(pk), kind=kind).first()
