"""Abuse protection for the public forms: rate limits per IP and per phone number (django-ratelimit, counted
in the shared database cache so every server process sees the same counts) and an arithmetic challenge the
bureau can switch on. The answer lives only in the server-side session."""
import re
import secrets

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from wanjia.halls.forms import style_widgets
from wanjia.portal.models import PortalSettings

SESSION_KEY = "portal_challenge"


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def over_limit(request, group: str, *, phone: str = "", number: str = "") -> bool:
    """Count this submission and say whether it goes over a limit: per IP always, per phone number when one
    is given (submissions), per looked-up record number (lookups, so guessing the four digits from many
    addresses is as slow as from one). Every counter moves on every call."""
    config = PortalSettings.current()
    checks = [("ip", "ip", config.lookup_rate if number else config.ip_rate)]
    digits = phone_digits(phone)
    if digits:
        checks.append(("phone", lambda _g, _r: digits, config.phone_rate))
    if number:
        checks.append(("number", lambda _g, _r: number.strip().upper(), config.lookup_rate))
    limited = [is_ratelimited(request, group=f"portal:{group}:{name}", key=key, rate=rate, increment=True)
               for name, key, rate in checks]
    return any(limited)


def challenge_new(request) -> str:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[SESSION_KEY] = a + b
    return _("%(a)d 加 %(b)d 等于几?") % {"a": a, "b": b}


def challenge_passed(request, answer) -> bool:
    """One try per question: the stored answer is removed whatever was typed."""
    expected = request.session.pop(SESSION_KEY, None)
    try:
        return expected is not None and int(str(answer).strip()) == expected
    except ValueError:
        return False


class GuardedForm(forms.Form):
    """A public form: adds the challenge field when the bureau has switched it on."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        style_widgets(self)
        self.challenge_on = PortalSettings.current().challenge_enabled
        if self.challenge_on:
            self.fields["challenge"] = forms.CharField(label=gettext_lazy("验证问题"), max_length=4)

    def clean_challenge(self):
        answer = self.cleaned_data.get("challenge")
        if not challenge_passed(self.request, answer):
            raise forms.ValidationError(_("验证答案不对,请回答新的问题。"))
        return answer

    def challenge_question(self) -> str:
        """Called when the form is rendered: each rendering asks a fresh question."""
        return challenge_new(self.request) if self.challenge_on else ""
