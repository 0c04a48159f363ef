"""`wanjia kpi rebuild [--from DATE --to DATE] [--kpi CODE ...] [--background]`: recompute the daily summaries from the
source records with set-based SQL."""
import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from wanjia.kpi.registry import KPIS, summarised
from wanjia.kpi.services import rebuild


DIRECTIONS = {"higher": "越高越好 higher is better", "lower": "越低越好 lower is better", "neutral": "— (volume)"}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "KPI daily summaries: `rebuild` recomputes them from the source records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rb = sub.add_parser("rebuild", help="recompute the daily summaries (all days unless --from/--to)")
        rb.add_argument("--from", dest="start", type=str, help="first day, YYYY-MM-DD")
        rb.add_argument("--to", dest="end", type=str, help="last day, YYYY-MM-DD (default: today)")
        rb.add_argument("--kpi", dest="codes", action="append", help="only this KPI code (repeatable)")
        rb.add_argument("--background", action="store_true",
                        help="hand the rebuild to a worker as a job (progress under /jobs/) and return at once")
        ls = sub.add_parser("list", help="list the registered KPIs")
        ls.add_argument("--markdown", action="store_true", help="as the table in docs/kpi.md")

    def handle(self, *args, action, **options):
        if action == "list":
            self._list(options["markdown"])
            return
        start = _date(options["start"]) if options.get("start") else None
        end = _date(options["end"]) if options.get("end") else None
        if end is not None and start is None:
            raise CommandError("--to needs --from")
        if start is not None:
            end = end or dt.date.today()
            if end < start:
                raise CommandError("--to is before --from")
        codes = options.get("codes") or None
        known = {k.code for k in summarised()}
        unknown = sorted(set(codes or ()) - known)
        if unknown:
            raise CommandError(f"unknown or not summarised KPI code(s): {', '.join(unknown)}")
        if options.get("background"):
            from wanjia.jobs.services import job_start
            from wanjia.kpi.tasks import summaries_rebuild

            job = job_start(summaries_rebuild, start.isoformat() if start else None,
                            end.isoformat() if end else None, codes, kind="kpi.rebuild", title="指标汇总重算")
            self.stdout.write(f"rebuild queued as job {job.pk}")
            return
        began = time.monotonic()

        def progress(kpi):
            self.stdout.write(f"  {kpi.code}: done at {time.monotonic() - began:.1f}s")

        count = rebuild(start, end, codes, progress=progress)
        span = f"{start} .. {end}" if start else "all days"
        self.stdout.write(f"rebuilt {count} KPI summaries over {span} in {time.monotonic() - began:.1f}s")

    def _list(self, markdown: bool) -> None:
        if markdown:
            self.stdout.write("| code | 名称 | formula | unit | direction | kind | app |")
            self.stdout.write("|---|---|---|---|---|---|---|")
        for kpi in KPIS.values():
            cells = [f"`{kpi.code}`" if markdown else kpi.code, str(kpi.name), str(kpi.formula), str(kpi.unit),
                     DIRECTIONS[kpi.direction], kpi.kind.value, kpi.app]
            self.stdout.write(f"| {' | '.join(cells)} |" if markdown else "\t".join(cells))
