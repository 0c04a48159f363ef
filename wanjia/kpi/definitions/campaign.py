"""Party-branch pairing KPIs (campaign app). They are states over small tables (branches, members,
pairings), computed on request by the campaign app's own five-in-place sources (`campaign.scorecard`)."""
from django.utils.translation import gettext_lazy as _

from wanjia.kpi.registry import Direction, Kind, Kpi, has_model, list_url, live_percent, register
from wanjia.org.models import Role


def register_all() -> None:
    if not has_model("campaign", "Pairing"):
        return
    from wanjia.campaign.scorecard import branch_pairing, member_visits

    def link(unit, period, breakdown):
        return list_url("campaign:pairing", unit=unit.code)

    register(
        Kpi(code="campaign.pairing_coverage", name=_("结对覆盖率"), app="campaign", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER,
            formula=_("(期内有结对的党支部数 + 有结对的在册党员数) ÷ (党支部数 + 在册党员数) × 100%(五到位「支部结对」)"),
            live=live_percent(branch_pairing), link=link, roles=(Role.BRANCH_SECRETARY, Role.MANAGER)),
        Kpi(code="campaign.pairing_visits", name=_("结对走访率"), app="campaign", kind=Kind.LIVE, unit="%",
            direction=Direction.HIGHER,
            formula=_("期内有走访记录的结对数 ÷ 期内有效的结对数 × 100%(五到位「党员走访」)"),
            live=live_percent(member_visits), link=link, roles=(Role.BRANCH_SECRETARY,)),
    )
