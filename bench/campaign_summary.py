"""Campaign summary figures and pairing coverage on the demo campaign, against baselines measured in the same
run.

    /work/main/.venv/bin/python bench/campaign_summary.py [--database postgres://postgres@127.0.0.1:5432/wanjia_campaign_bench]
                                                          [--scale 20000] [--repeat 5]

Builds a fresh database (dropped and recreated; SQLite files are deleted), the demo organisation and
customers, then the campaign demo (one bureau, ten counties). Then it times, for the bureau:
- `campaign.report.figures` (SQL aggregates per section) against a baseline that loads the rows and counts
  them in Python, and checks both give the same headline figures;
- `campaign.selectors.pairing_coverage` (EXISTS subqueries) against a per-branch / per-member / per-pairing
  query loop;
- `report_generate` (figures + XLSX + PDF), absolute.
Prints milliseconds and the ratio baseline / ours."""
import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def setup(url: str) -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wanjia.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("WANJIA_DATA_DIR", "/tmp/wanjia-campaign-bench")
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.split("sqlite:///", 1)[1] + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def best_of(repeat: int, func):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return min(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/wanjia_campaign_bench")
    parser.add_argument("--scale", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup(args.database)

    from importlib import import_module

    from django.utils import timezone

    from wanjia.campaign import report, selectors
    from wanjia.campaign.models import Campaign, Pairing, PairingVisit, PartyBranch, PartyMember
    from wanjia.core.demo import DemoContext
    from wanjia.feedback.models import FeedbackItem, FeedbackStatus
    from wanjia.outreach.models import Hazard, HazardStatus, Visit

    ctx = DemoContext(rng=random.Random(2026), scale=args.scale, now=timezone.now())
    t0 = time.perf_counter()
    for app in ("org", "customers", "campaign", "outreach", "feedback"):
        import_module(f"wanjia.{app}.demo").build(ctx)
    print(f"demo built in {time.perf_counter() - t0:.1f}s ({args.database.split(':')[0]}, {args.scale} customers)")

    campaign = Campaign.objects.get()
    unit, today = campaign.unit, timezone.localdate()

    def ours():
        f = report.figures(campaign=campaign, unit=unit, today=today)
        return (sum(v["visits"] for v in f["visits"]), f["hazards"]["found"], f["hazards"]["closed"],
                f["forums"]["feedback"], f["forums"]["resolved"])

    def baseline():
        visits = [v for v in Visit.objects.all() if v.campaign_id == campaign.pk and v.unit.path.startswith(unit.path)]
        hazards = [h for h in Hazard.objects.all()
                   if h.campaign_id == campaign.pk and h.unit.path.startswith(unit.path)]
        items = [i for i in FeedbackItem.objects.all()
                 if (i.queue_unit.path.startswith(unit.path) or (i.unit and i.unit.path.startswith(unit.path)))
                 and campaign.start_date <= timezone.localdate(i.received_at) <= campaign.end_date]
        return (len(visits), len(hazards), sum(h.status == HazardStatus.CLOSED for h in hazards), len(items),
                sum(i.status == FeedbackStatus.DELIVERED for i in items))

    ms_ours, a = best_of(args.repeat, ours)
    ms_base, b = best_of(args.repeat, baseline)
    assert a == b, (a, b)
    print(f"summary figures (visits, hazards, closed, feedback, resolved = {a}): "
          f"ours {ms_ours:.0f} ms, baseline {ms_base:.0f} ms, ratio {ms_base / ms_ours:.1f}x")

    def coverage():
        c = selectors.pairing_coverage(unit=unit, today=today)
        return len(c["unpaired_branches"]), len(c["unpaired_members"]), len(c["unvisited_pairings"])

    def coverage_loop():
        since = selectors.quarter_start(today)
        live = Pairing.objects.filter(started_on__lte=today, ended_on__isnull=True)
        branches = [br for br in PartyBranch.objects.filter(unit__path__startswith=unit.path)
                    if not live.filter(branch=br).exists()]
        members = [m for m in PartyMember.objects.filter(branch__unit__path__startswith=unit.path, is_active=True)
                   if not live.filter(member=m).exists()]
        pairings = [p for p in live.filter(branch__unit__path__startswith=unit.path)
                    if not PairingVisit.objects.filter(pairing=p, date__gte=since, date__lte=today).exists()]
        return len(branches), len(members), len(pairings)

    ms_ours, a = best_of(args.repeat, coverage)
    ms_base, b = best_of(args.repeat, coverage_loop)
    assert a == b, (a, b)
    print(f"pairing coverage (unpaired branches, members, unvisited pairings = {a}): "
          f"ours {ms_ours:.0f} ms, baseline {ms_base:.0f} ms, ratio {ms_base / ms_ours:.1f}x")

    manager = ctx.users["prefecture"]
    ms, _ = best_of(max(1, args.repeat // 2),
                    lambda: report.report_generate(campaign=campaign, unit=unit, actor=manager))
    print(f"summary report (figures + XLSX + PDF) for the bureau's {len(selectors.reporting_units(unit))} "
          f"counties: {ms:.0f} ms")


if __name__ == "__main__":
    main()
