import django.db.models.deletion
from django.db import migrations, models


KEYS = (("kpi_dailysummary", "kpi_daily_key", "day"), ("kpi_monthlysummary", "kpi_monthly_key", "month"))


def _rewrite_keys(schema_editor, include: str) -> None:
    """On PostgreSQL the unique keys also carry numerator and denominator (INCLUDE), so the dashboard's sums
    are index-only scans instead of one heap page per row. SQLite has no INCLUDE: its keys stay as they are."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, key, period in KEYS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {key}, ADD CONSTRAINT {key} "
                              f"UNIQUE (unit_id, kpi_code, {period}, breakdown) {include}")


def covering_keys(apps, schema_editor):
    _rewrite_keys(schema_editor, "INCLUDE (numerator, denominator)")


def plain_keys(apps, schema_editor):
    _rewrite_keys(schema_editor, "")


class Migration(migrations.Migration):

    dependencies = [
        ("kpi", "0001_initial"),
        ("org", "0003_historicalrole_historicaluser_historicaluser_roles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dailysummary",
            name="unit",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.unit", verbose_name="单位"),
        ),
        migrations.AlterField(
            model_name="monthlysummary",
            name="unit",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.unit", verbose_name="单位"),
        ),
        migrations.RunPython(covering_keys, plain_keys),
    ]
