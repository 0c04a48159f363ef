"""Required documents' English names, shown on English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('connections', '0008_station_day_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalrequireddocument',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='requireddocument',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
    ]
