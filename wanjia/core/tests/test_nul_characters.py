"""A NUL character anywhere in a query or a JSON/form body is a clear 400, never a server error (PostgreSQL
text cannot hold it)."""
import pytest

from wanjia.core.testing import api_client
from wanjia.org.models import Role

pytestmark = pytest.mark.django_db


def test_nul_characters_are_refused_at_the_door(client, tree):
    api = api_client(tree.a.users[Role.MANAGER])
    response = api.post("/api/v1/payments/channels/", {"name": "点\x00", "unit": tree.a.unit.code}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "nul_character"
    assert api.get("/api/v1/repairs/orders/?q=%00").status_code == 400
    client.force_login(tree.a.users[Role.MANAGER])
    assert client.post("/campaign/new/", {"name": "a\x00b"}).status_code == 400
    assert api.get("/api/v1/repairs/orders/?q=ok").status_code == 200  # ordinary input passes
