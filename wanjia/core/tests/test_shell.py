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


def _menu_names(user):
    from wanjia.core.navigation import menu_for

    return {item["name"] for group in menu_for(user) for item in group["items"]}


def test_each_role_sees_the_menus_of_its_work(tree):
    from wanjia.org.models import Role

    users = tree.a.users
    assert _menu_names(users[Role.CREW]) == {"repairs:crew", "outreach:visits", "outreach:hazards"}
    assert {"repairs:board", "repairs:orders", "repairs:outages"} <= _menu_names(users[Role.DISPATCHER])
    assert "kpi:dashboard" not in _menu_names(users[Role.DISPATCHER])
    counter = _menu_names(users[Role.COUNTER])
    assert {"halls:list", "connections:intake", "connections:list", "customers:list", "payments:channels"} <= counter
    assert "repairs:board" not in counter
    secretary = _menu_names(users[Role.BRANCH_SECRETARY])
    assert {"campaign:list", "outreach:visits", "outreach:hazards", "feedback:forums", "campaign:pairing"} <= secretary
    assert "repairs:orders" not in secretary
    manager = _menu_names(users[Role.MANAGER])
    assert {"kpi:dashboard", "repairs:board", "campaign:list", "halls:list", "orderly:index"} <= manager
    assert "repairs:crew" not in manager  # a crew's own page: the view lets crews in only


def test_no_menu_item_answers_forbidden(client, tree):
    from wanjia.core.navigation import menu_for

    for user in tree.a.users.values():
        client.force_login(user)
        for group in menu_for(user):
            for item in group["items"]:
                assert client.get(item["url"]).status_code == 200, (user.username, item["url"])


def test_the_top_bar_names_the_user_and_unit_once_in_a_compact_menu(client, tree):
    from wanjia.org.models import Role

    client.force_login(tree.a.users[Role.DISPATCHER])
    page = client.get("/repairs/orders/").content.decode()
    assert page.count('id="user-menu"') == 1
    assert "抢修调度员" in page and tree.a.unit.name in page
    assert 'aria-current="page"' in page  # the current page is marked in its group


def test_pages_are_listed_in_the_one_menu_not_on_app_configs():
    """A `nav` list on an AppConfig is no longer read: such a page would silently vanish from the menu."""
    from django.apps import apps

    assert [c.label for c in apps.get_app_configs() if hasattr(c, "nav")] == []
