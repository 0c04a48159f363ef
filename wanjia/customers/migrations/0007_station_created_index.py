"""The (station, day) indexes a station's KPI figures read through: stations keep no daily summary rows,
so the part months of a period come from the source records (kpi.models)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0006_green_channel_kinds'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='customer',
            index=models.Index(fields=['station', 'created_at'], name='customer_station_created_idx'),
        ),
    ]
