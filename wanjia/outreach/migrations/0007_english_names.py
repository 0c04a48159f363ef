"""Checklist items' English text and guidance, shown on English pages (blank: the Chinese)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outreach', '0006_on_time_assessment'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalchecklistitem',
            name='text_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=200, verbose_name='检查内容(英文)'),
        ),
        migrations.AddField(
            model_name='checklistitem',
            name='text_en',
            field=models.CharField(blank=True, help_text='英文页面显示;留空则显示中文。', max_length=200, verbose_name='检查内容(英文)'),
        ),
        migrations.AddField(
            model_name='historicalchecklistitem',
            name='guidance_en',
            field=models.TextField(blank=True, help_text='英文页面显示;留空则显示中文。', verbose_name='检查要点(英文)'),
        ),
        migrations.AddField(
            model_name='checklistitem',
            name='guidance_en',
            field=models.TextField(blank=True, help_text='英文页面显示;留空则显示中文。', verbose_name='检查要点(英文)'),
        ),
    ]
