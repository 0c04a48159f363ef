"""Green channel kinds' English names, shown on English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0007_station_created_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalgreenchannelkind',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='greenchannelkind',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
    ]
