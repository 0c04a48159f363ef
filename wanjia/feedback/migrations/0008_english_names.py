"""Feedback topics' English names, shown on English pages (blank: the Chinese name)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0007_deadline_working_days'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaltopic',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=50, verbose_name='英文名称'),
        ),
    ]
