"""`wanjia tick`: the periodic checks (time limits, escalations, overdue items). Safe to run every minute
and twice at once: each app's `tick.run(now)` claims its work with conditional updates and dedupe keys."""
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone


def tick_modules():
    for app in settings.DOMAIN_APPS:
        name = f"wanjia.{app}.tick"
        if find_spec(name) is not None:
            yield app, import_module(name)


class Command(BaseCommand):
    help = "Run the periodic checks of every app once (time limits, escalations, overdue items)."

    def handle(self, *args, **options):
        now = timezone.now()
        for app, module in tick_modules():
            result = module.run(now) or {}
            summary = ", ".join(f"{k}={v}" for k, v in result.items()) or "nothing to do"
            self.stdout.write(f"{app}: {summary}")
