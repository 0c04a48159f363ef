"""Sign-in throttling: after five wrong passwords an account is locked out with a message saying for how
long, even with the right password and from another address; one address trying many accounts is stopped
too; other accounts and other addresses are unaffected; the admin's login obeys the same lock."""
import re

import pytest
from django.core.cache import cache

from wanjia.core.testing import PASSWORD
from wanjia.org.models import Role

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _cache_table(db):
    """Rate-limit counters live in the database cache. The clock stands still: django-ratelimit counts in
    fixed windows, and a slow run must not cross into the next one halfway through a test."""
    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    call_command("createcachetable", verbosity=0)
    cache.clear()
    with time_machine.travel(timezone.now(), tick=False):
        yield


def _try(client, username, password, ip="10.0.0.1", path=LOGIN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, tree):
    name = tree.a.users[Role.MANAGER].username
    for _ in range(5):
        response = _try(client, name, "wrong")
        assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
        assert f'value="{name}"' in response.content.decode()  # the name stays in the box for the next try
    locked = _try(client, name, PASSWORD, ip="10.0.0.2")
    assert locked.status_code == 429
    assert re.search(r"登录已暂停。请 \d+ 分钟后再试", locked.content.decode())
    assert "_auth_user_id" not in client.session
    # Another account signs in normally.
    assert _try(client, tree.a.users[Role.COUNTER].username, PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, tree):
    for i in range(20):
        _try(client, f"guess{i}", "wrong", ip="10.9.9.9")
    assert _try(client, tree.a.users[Role.MANAGER].username, PASSWORD, ip="10.9.9.9").status_code == 429
    assert _try(client, tree.a.users[Role.MANAGER].username, PASSWORD, ip="10.9.9.10").status_code == 302


def test_admin_login_obeys_the_same_lock(client, tree):
    name = tree.admin.username
    for _ in range(5):
        _try(client, name, "wrong", path="/admin/login/")
    response = _try(client, name, PASSWORD, path="/admin/login/")
    assert "登录已暂停" in response.content.decode()
    assert "_auth_user_id" not in client.session
