"""Bounded inputs: no query string makes a list unbounded or a date computation overflow. API lists cut
`?limit=` to the maximum page size; dates outside 1990..2099 are refused with a field message by the API and
replaced by the default period (with a notice) on pages."""
import pytest
from drf_spectacular.generators import SchemaGenerator

from wanjia.core.dates import LATEST
from wanjia.core.pagination import Pagination
from wanjia.core.testing import api_client
from wanjia.org.models import Role

HUGE = "100000000000000000000"


def _paginated_lists():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(path for path, item in schema["paths"].items()
                  if "{" not in path and any(p["name"] == "limit" for p in item.get("get", {}).get("parameters", [])))


def test_every_paginated_list_cuts_a_huge_limit_to_the_maximum_page_size(tree):
    lists = _paginated_lists()
    assert len(lists) >= 9
    client = api_client(tree.a.users[Role.MANAGER])
    for path in lists:
        response = client.get(path, {"limit": HUGE, "offset": HUGE})
        assert response.status_code == 200, (path, response.content[:300])
        assert response.json()["results"] == []
        page = client.get(path, {"limit": HUGE}).json()
        assert len(page["results"]) <= Pagination.max_limit
        assert page["next"] is None or f"limit={Pagination.max_limit}" in page["next"]


@pytest.mark.parametrize("path, params, field", [
    ("/api/v1/repairs/reliability/", {"start": "9999-01-01", "end": "9999-12-31"}, "start"),
    ("/api/v1/connections/figures/", {"start": "2026-01-01", "end": "9999-12-31"}, "end"),
    ("/api/v1/kpi/dashboard/", {"preset": "custom", "start": "0001-01-01", "end": "2026-01-01"}, "start"),
    ("/api/v1/repairs/orders/", {"received_after": "9999-12-31"}, "received_after"),
    ("/api/v1/campaign/assessments/ranking/", {"month": "9999-12"}, "month"),
])
def test_api_refuses_dates_outside_the_bounds_with_a_field_message(tree, path, params, field):
    response = api_client(tree.a.users[Role.MANAGER]).get(path, params)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid" and str(LATEST) in body["fields"][field][0]


@pytest.mark.parametrize("path", [
    "/repairs/reliability/?start=9999-12-01&end=9999-12-31",
    "/repairs/assessment/?start=9999-12-01",
    "/halls/figures/?start=9999-12-01&end=9999-12-31",
    "/payments/collection/?start=9999-12-01&end=9999-12-31",
    "/campaign/scorecard/?month=9999-12",
    "/connections/figures/?start=2026-01-01&end=9999-12-31",
])
def test_pages_answer_out_of_range_dates_without_a_server_error(client, tree, path):
    client.force_login(tree.a.users[Role.MANAGER])
    response = client.get(path)
    assert response.status_code in (200, 400)


def test_kpi_page_refuses_year_one_with_the_field_message(client, tree):
    client.force_login(tree.a.users[Role.MANAGER])
    response = client.get("/kpi/", {"preset": "custom", "start": "0001-01-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert str(LATEST) in response.content.decode()
