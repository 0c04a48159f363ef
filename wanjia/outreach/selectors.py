"""Reads for the walk-in and hazard pages, each starting from `restrict(user)`."""
from wanjia.outreach.filtersets import HazardFilterSet, VisitFilterSet
from wanjia.outreach.models import Hazard, Visit


def visit_list(*, user, filters=None):
    base = Visit.objects.restrict(user).select_related("unit", "customer", "campaign", "activity_day")
    return VisitFilterSet(filters or {}, queryset=base).qs


def hazard_list(*, user, filters=None):
    base = Hazard.objects.restrict(user).select_related("unit", "owner", "visit")
    return HazardFilterSet(filters or {}, queryset=base).qs


def todo(*, user, now):
    """Home page: hazards the user must rectify (they are the owner), and rectified hazards waiting for
    verification in the user's scope (secretaries and managers verify)."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from wanjia.core.home import Todo, TodoRow
    from wanjia.outreach.models import HazardStatus

    today = timezone.localdate(now)
    found = []
    mine = list(Hazard.objects.restrict(user).filter(owner=user, status__in=(HazardStatus.OPEN, HazardStatus.ORDERED))
                .order_by("deadline"))
    if mine:
        late = any(h.deadline and h.deadline < today for h in mine)
        found.append(Todo(_("待我整改的隐患"), len(mine), reverse("outreach:hazards") + "?status=ordered",
                          "danger" if late else "warning",
                          [TodoRow(f"{h.number} {h.description[:30]}", reverse("outreach:hazard", args=[h.pk]), h.deadline)
                           for h in mine[:5]], order=30))
    if user.has_role("branch_secretary", "manager"):
        waiting = Hazard.objects.restrict(user).filter(status=HazardStatus.DONE).order_by("rectified_at")
        found.append(Todo(_("待验收的隐患"), waiting.count(), reverse("outreach:hazards") + "?status=done", "primary",
                          [TodoRow(f"{h.number} {h.description[:30]}", reverse("outreach:hazard", args=[h.pk]))
                           for h in waiting[:5]], order=31))
        late = Hazard.objects.restrict(user).filter(status__in=(HazardStatus.OPEN, HazardStatus.ORDERED),
                                                    deadline__lt=today).order_by("deadline")
        found.append(Todo(_("逾期未整改的隐患"), late.count(), reverse("outreach:hazards") + "?overdue=true", "danger",
                          [TodoRow(f"{h.number} {h.description[:30]}", reverse("outreach:hazard", args=[h.pk]), h.deadline)
                           for h in late[:5]], order=32))
    return found
