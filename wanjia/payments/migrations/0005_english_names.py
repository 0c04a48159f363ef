"""Payment channel kinds' and measure kinds' English names, shown on English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0004_voiding'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalchannelkind',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='channelkind',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalmeasurekind',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='measurekind',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
    ]
