from django.db import migrations, models

import wanjia.core.files


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_files_generated_names")]

    operations = [
        migrations.AddField(model_name="job", name="links",
                            field=models.JSONField(blank=True, default=list, verbose_name="结果链接")),
        migrations.AddField(model_name="job", name="source",
                            field=models.FileField(blank=True, upload_to=wanjia.core.files.GeneratedPath("job-inputs/"),
                                                   verbose_name="输入文件")),
        migrations.AddField(model_name="job", name="language",
                            field=models.CharField(blank=True, max_length=10, verbose_name="语言")),
    ]
