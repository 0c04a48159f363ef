"""The hall catalogues' English names (facilities, services, practices, dissatisfaction reasons, skills), shown on
English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('halls', '0003_counter_staff_skills'),
    ]

    operations = [
        migrations.AddField(
            model_name='dissatisfactionreason',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='facility',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='hallservice',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicaldissatisfactionreason',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalfacility',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalhallservice',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalpractice',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='historicalskillitem',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='practice',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='skillitem',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=100, verbose_name='英文名称'),
        ),
    ]
