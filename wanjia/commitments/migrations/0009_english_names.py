"""Policy sets' and other time limits' English names, shown on English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0008_green_targets_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpolicyset',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='policyset',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalothertimelimit',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='othertimelimit',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
    ]
