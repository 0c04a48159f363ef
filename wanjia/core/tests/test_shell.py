"""The page shell every user sees: its own assets are served as such, menus follow the role."""
import pytest

pytestmark = pytest.mark.django_db


def test_shell_stylesheet_and_favicon_are_served(client):
    css = client.get("/static/wanjia/wanjia.css")
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    icon = client.get("/favicon.ico", follow=True)
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
