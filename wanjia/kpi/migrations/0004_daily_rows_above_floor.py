"""Daily summary rows are kept only for units at or above `WANJIA_SUMMARY_DAILY_FLOOR` (kpi.models): drop
the ones below it. Those units' monthly rows stay as they are (they are the sums of the dropped rows), so the
summaries are complete without a rebuild. Going back (or lowering the floor) needs `wanjia kpi rebuild`."""
from django.conf import settings
from django.db import migrations


def drop_rows_below_the_floor(apps, schema_editor):
    from wanjia.org.models import UnitKind

    kinds = list(UnitKind.values)
    floor = settings.WANJIA_SUMMARY_DAILY_FLOOR
    below = kinds[kinds.index(floor) + 1:] if floor in kinds else []
    units = apps.get_model("org", "Unit").objects.filter(kind__in=below).values("pk")
    rows = apps.get_model("kpi", "DailySummary").objects.filter(unit_id__in=units)
    rows._raw_delete(rows.db)


class Migration(migrations.Migration):

    dependencies = [
        ("kpi", "0003_stale_keys"),
    ]

    operations = [
        migrations.RunPython(drop_rows_below_the_floor, migrations.RunPython.noop),
    ]
