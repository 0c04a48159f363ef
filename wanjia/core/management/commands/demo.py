import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wanjia.core.demo import DemoContext
from wanjia.org.models import Unit


class Command(BaseCommand):
    help = "Build a realistic, deterministic demo data set (organisation, network, customers and each domain)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=20000, help="number of customers (default 20000)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--only-foundation", action="store_true",
                            help="organisation, network, customers and users only")

    def handle(self, *args, scale: int, seed: int, only_foundation: bool, **options):
        if scale < 100:
            raise CommandError("--scale must be at least 100 customers")
        if Unit.objects.exists():
            self.stdout.write("demo data already present; nothing done (use a fresh WANJIA_DATA_DIR to rebuild)")
            self._print_logins()
            return
        ctx = DemoContext(rng=random.Random(seed), scale=scale, now=timezone.now(), out=self.stdout)
        started = time.monotonic()
        apps = ["org", "customers"] if only_foundation else settings.DOMAIN_APPS
        for app in apps:
            name = f"wanjia.{app}.demo"
            if find_spec(name) is None:
                continue
            builder = getattr(import_module(name), "build", None)
            if builder is None:  # core.demo holds the context, not data
                continue
            t0 = time.monotonic()
            builder(ctx)
            self.stdout.write(f"  {app}: {time.monotonic() - t0:.1f}s")
        self.stdout.write(f"demo data built in {time.monotonic() - started:.1f}s")
        self._print_logins(ctx.logins)

    def _print_logins(self, logins=None):
        from wanjia.org.demo import DEMO_PASSWORD, describe_logins

        self.stdout.write(f"demo logins (password for all: {DEMO_PASSWORD}):")
        for line in describe_logins(logins):
            self.stdout.write(f"  {line}")
