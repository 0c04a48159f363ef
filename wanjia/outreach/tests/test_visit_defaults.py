"""The visit form opens ready to fill on a phone: today, me, my unit and the running campaign preset; staff
as ticks; the checklist one block per item."""
import pytest
from django.utils import timezone

from wanjia.campaign.testing import make_campaign
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db


def test_visit_form_defaults_and_phone_friendly_fields(client, tree):
    secretary = tree.a.users[Role.BRANCH_SECRETARY]
    campaign = make_campaign(tree.a.unit, tree.a.users[Role.MANAGER])
    client.force_login(secretary)
    response = client.get("/outreach/visits/new/")
    form = response.context["form"]
    assert form.initial["date"] == timezone.localdate()
    assert form.initial["unit"] == tree.a.unit and form.initial["team"] == [secretary]
    assert form.initial["campaign"] == campaign  # started 60 days ago, runs 180
    html = response.content.decode()
    assert 'type="checkbox" name="team"' in html and "<select name=\"team\"" not in html
    assert 'class="list-group list-group-numbered' in html and "<table" not in html.split('id="checklist"')[1]
