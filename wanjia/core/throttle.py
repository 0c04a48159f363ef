"""Sign-in throttling: failed passwords are counted per account and per client address (django-ratelimit
counters in the shared database cache, the same mechanism as the portal's forms, so every server process
sees one count). Once either count reaches its limit, sign-in is refused with a lock-out message, without
checking the password, until the window ends. Successful sign-ins are not counted.

Failures are counted from Django's `user_login_failed` signal, so every path through `authenticate()` (the
login page, the admin's login) counts; the lock is checked by the login forms."""
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


def _checks(username: str):
    account = (username or "").strip().lower()
    yield "login:ip", "ip", settings.WANJIA_LOGIN_RATE_IP
    if account:
        yield "login:account", (lambda _g, _r: account), settings.WANJIA_LOGIN_RATE_ACCOUNT


def login_lock_seconds(request, username: str) -> int:
    """Seconds until this account (or this address) may try again; 0 when not locked."""
    waits = [0]
    for group, key, rate in _checks(username):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            waits.append(max(usage["time_left"], 1))
    return max(waits)


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None:  # authenticate() called outside a request (a shell): nothing to count against
        return
    for group, key, rate in _checks(credentials.get("username", "")):
        get_usage(request, group=group, key=key, rate=rate, increment=True)


class ThrottledLoginMixin:
    """For an AuthenticationForm: refuse while the account or the address is locked out."""

    def clean(self):
        seconds = login_lock_seconds(self.request, self.data.get("username", ""))
        if seconds:
            raise ValidationError(
                _("密码错误次数过多,登录已暂停。请 %(m)d 分钟后再试,或请管理员重置密码。") % {"m": -(-seconds // 60)},
                code="locked")
        return super().clean()

    @property
    def locked(self) -> bool:
        return any(e.code == "locked" for e in self.errors.as_data().get("__all__", []))


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
