import pytest


@pytest.fixture
def tree(db):
    """Province → prefecture → sibling counties A and B, each with urban/rural/remote stations, a hall, a
    feeder with two transformers and one user per role (`tree.a.users["dispatcher"]`)."""
    from wanjia.core.testing import build_tree

    return build_tree()


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Calendar overrides written by one test must not leak into the next through the process cache."""
    from wanjia.core import worktime

    worktime.forget_calendar()
    yield
    worktime.forget_calendar()


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WANJIA_SMS_BACKEND = "wanjia.notifications.backends.MemorySmsBackend"
    from wanjia.notifications.backends import MemorySmsBackend

    MemorySmsBackend.outbox.clear()
