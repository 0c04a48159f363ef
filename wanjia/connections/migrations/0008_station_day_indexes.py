"""The (station, day) indexes a station's KPI figures read through: stations keep no daily summary rows,
so the part months of a period come from the source records (kpi.models)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('connections', '0007_green_channel'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['station', 'received_at'], name='conn_app_station_received_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['station', 'connected_at'], name='conn_app_station_connected_idx'),
        ),
    ]
