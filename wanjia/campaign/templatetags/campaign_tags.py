from django import template
from django.utils import timezone

from wanjia.campaign import selectors

register = template.Library()


@register.inclusion_tag("campaign/_home_card.html", takes_context=True)
def campaign_card(context):
    """The user's running campaign on the home page: phase, hazards open and overdue, feedback told back."""
    user = context["request"].user
    today = timezone.localdate()
    campaign = (selectors.campaign_list(user=user).filter(start_date__lte=today, end_date__gte=today).first()
                or selectors.campaign_list(user=user).first())
    if campaign is None:
        return {"campaign": None}
    unit = selectors.view_unit(user=user, campaign=campaign)
    return {"campaign": campaign, "phase": campaign.phases.filter(start_date__lte=today, end_date__gte=today).first(),
            "hazards": selectors.hazard_summary(campaign=campaign, unit=unit, today=today),
            "forums": selectors.forum_summary(campaign=campaign, unit=unit)}


@register.simple_tag
def goal_value(value, measure):
    """A goal figure: rates as percentages, counts as numbers, nothing as a dash."""
    if value is None:
        return "—"
    if measure == "rate":
        return f"{value * 100:.1f}%"
    return f"{value:g}"
