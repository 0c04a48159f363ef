"""The (station, day) indexes a station's KPI figures read through: stations keep no daily summary rows,
so the part months of a period come from the source records (kpi.models)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('repairs', '0010_green_channel'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='repairorder',
            index=models.Index(fields=['station', 'arrival_assessed_on'], name='order_station_arrival_idx'),
        ),
        migrations.AddIndex(
            model_name='repairorder',
            index=models.Index(fields=['station', 'restoration_assessed_on'], name='order_station_restored_idx'),
        ),
    ]
