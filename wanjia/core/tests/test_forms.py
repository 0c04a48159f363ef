"""Every form renders through one field template (`core.forms`): a required field's label carries the mark
(with a legend where the form mixes required and optional fields), its control says `required`, a field in
error says so, and long lists (units, staff, crews) and customers come as searchable pickers."""
from html.parser import HTMLParser

import pytest
from django import forms

from wanjia.core.testing import make_customer, page_client
from wanjia.org.models import Role, Unit
from wanjia.repairs.tests.helpers import crew_for, intake

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """Labels by the control they name, controls by id, and the text of the required legends."""

    def __init__(self, html: str):
        super().__init__()
        self.labels: dict[str, set[str]] = {}
        self.controls: dict[str, dict] = {}
        self.legends: list[str] = []
        self._legend = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels[attrs["for"]] = set((attrs.get("class") or "").split())
        if tag in ("input", "select", "textarea") and attrs.get("id"):
            self.controls[attrs["id"]] = attrs
        self._legend = "wj-required-legend" in (attrs.get("class") or "")

    def handle_data(self, data):
        if self._legend and data.strip():
            self.legends.append(data.strip())
            self._legend = False


def _page(user, path) -> Page:
    response = page_client(user).get(path)
    assert response.status_code == 200, path
    return Page(response.content.decode())


def test_order_intake_marks_its_required_field_and_offers_the_customer_picker(tree):
    page = _page(tree.a.users[Role.DISPATCHER], "/repairs/orders/new/")
    assert "required" in page.labels["id_category"] and "required" in page.controls["id_category"]
    assert "required" not in page.labels["id_phone"] and "required" not in page.controls["id_phone"]
    assert page.legends == ["带 * 的为必填项。"]
    picker = page.controls["id_account_number"]
    assert picker["data-picker"] == "customers" and picker["data-picker-url"] == "/customers/pick/"


def test_visit_form_marks_required_fields_and_makes_units_searchable(tree):
    page = _page(tree.a.users[Role.BRANCH_SECRETARY], "/outreach/visits/new/")
    for required in ("id_campaign", "id_unit", "id_date", "id_site"):
        assert "required" in page.labels[required], required
    assert "required" not in page.labels["id_customer"]
    assert "data-picker" in page.controls["id_unit"]  # a unit list: searchable
    assert "data-picker" not in page.controls["id_category"]  # six categories: a plain select
    assert page.controls["id_customer"]["data-picker"] == "customers"


def test_dispatch_picks_the_crew_from_a_searchable_list(tree):
    crew_for(tree.a)
    order = intake(make_customer(tree.a))
    html = page_client(tree.a.users[Role.DISPATCHER]).get(f"/repairs/orders/{order.pk}/").content.decode()
    assert "data-picker" in Page(html).controls["dispatch-crew"]


def test_a_field_in_error_says_so_beside_it(tree):
    class Example(forms.Form):
        unit = forms.ModelChoiceField(Unit.objects.all(), label="单位")
        note = forms.CharField(label="说明", required=False)

    form = Example(data={"unit": "", "note": "x"})
    assert not form.is_valid()
    page = Page(str(form))
    assert "is-invalid" in page.controls["id_unit"]["class"] and page.controls["id_unit"]["aria-invalid"] == "true"
    assert page.controls["id_unit"]["class"].startswith("form-select") and "data-picker" in page.controls["id_unit"]
    assert "is-invalid" not in page.controls["id_note"]["class"]
    assert "required" in page.labels["id_unit"] and "required" not in page.labels["id_note"]
