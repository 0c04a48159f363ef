"""Demo data arrive through bulk_create (no signals), so the summaries are built once all apps are in:
`kpi` is last in settings.DOMAIN_APPS."""
from wanjia.core.demo import DemoContext
from wanjia.kpi.services import rebuild


def build(ctx: DemoContext) -> None:
    count = rebuild()
    ctx.say(f"  kpi: {count} daily summaries rebuilt")
