"""Fault categories' and reliability standards' English names, shown on English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('repairs', '0011_station_assessed_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalfaultcategory',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='faultcategory',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalreliabilitystandard',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='reliabilitystandard',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
    ]
