"""Five-in-place (五到位) data sources of this app: rates in [0, 1] for a unit's subtree over a period."""
import datetime as dt

from django.db.models import Q

from wanjia.campaign.models import Pairing, PairingVisit, PartyBranch, PartyMember


def _active(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start}))


def branch_pairing(unit, start: dt.date, end: dt.date) -> float | None:
    """Share of branches and active members with at least one pairing in force during the period."""
    branches = PartyBranch.objects.filter(unit__path__startswith=unit.path)
    members = PartyMember.objects.filter(branch__in=branches, is_active=True)
    total = branches.count() + members.count()
    if not total:
        return None
    pairings = Pairing.objects.filter(_active(start, end), branch__in=branches)
    paired_branches = pairings.values("branch").distinct().count()
    paired_members = pairings.filter(member__in=members).values("member").distinct().count()
    return (paired_branches + paired_members) / total


def member_visits(unit, start: dt.date, end: dt.date) -> float | None:
    """Share of pairings in force during the period that have a visit logged in it."""
    pairings = Pairing.objects.filter(_active(start, end), branch__unit__path__startswith=unit.path)
    total = pairings.count()
    if not total:
        return None
    visited = PairingVisit.objects.filter(pairing__in=pairings, date__range=(start, end)).values(
        "pairing").distinct().count()
    return visited / total


SOURCES = {
    "branch_pairing": branch_pairing,
    "member_visits": member_visits,
}
