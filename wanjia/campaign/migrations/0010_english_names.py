"""The five-in-place items' English dimension and name, shown on English pages (blank: the Chinese)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaign', '0009_voiding'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalscorecarditem',
            name='dimension_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='维度(英文)'),
        ),
        migrations.AddField(
            model_name='historicalscorecarditem',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='项目(英文)'),
        ),
        migrations.AddField(
            model_name='scorecarditem',
            name='dimension_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='维度(英文)'),
        ),
        migrations.AddField(
            model_name='scorecarditem',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='项目(英文)'),
        ),
    ]
