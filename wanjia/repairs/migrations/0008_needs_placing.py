"""Open311 reports not yet placed on their station carry a flag the dispatcher board lists (before, only the
【待定位】 line in the description said so: open ones are flagged from it)."""
from django.db import migrations, models

OPEN = ("received", "dispatched", "on_the_way")


def flag(apps, schema_editor):
    apps.get_model("repairs", "RepairOrder").objects.filter(
        channel="open311", status__in=OPEN, description__contains="【待定位】").update(needs_placing=True)


class Migration(migrations.Migration):

    dependencies = [
        ("repairs", "0007_open311_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="repairorder",
            name="needs_placing",
            field=models.BooleanField(default=False, editable=False, verbose_name="待定位"),
        ),
        migrations.AddField(
            model_name="historicalrepairorder",
            name="needs_placing",
            field=models.BooleanField(default=False, editable=False, verbose_name="待定位"),
        ),
        migrations.RunPython(flag, migrations.RunPython.noop),
    ]
