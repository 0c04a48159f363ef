"""Keep how an item's answer deadline was counted, so a holiday notice entered later can count it again.
Existing items are matched against the active policy's reply limit: a deadline equal to that many working
days from receipt gets the count; any other (a forum's own deadline) stays empty."""
from django.db import migrations, models

from wanjia.core import worktime


def backfill(apps, schema_editor):
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    limit = (apps.get_model("commitments", "OtherTimeLimit").objects
             .filter(policy_set__is_active=True, code="complaint_reply", unit="working_days").first())
    if limit is None:
        return
    matched = [item.pk for item in FeedbackItem.objects.filter(deadline__isnull=False).only("received_at", "deadline")
               if worktime.deadline(item.received_at, working_days=limit.amount) == item.deadline]
    for i in range(0, len(matched), 500):
        FeedbackItem.objects.filter(pk__in=matched[i:i + 500]).update(deadline_working_days=limit.amount)


class Migration(migrations.Migration):

    dependencies = [
        ("feedback", "0006_on_time_assessment"),
        ("commitments", "0006_getting_electricity_sets"),
        ("core", "0003_holiday_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="deadline_working_days",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True,
                                                   verbose_name="答复期限(工作日)"),
        ),
        migrations.AddField(
            model_name="historicalfeedbackitem",
            name="deadline_working_days",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True,
                                                   verbose_name="答复期限(工作日)"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
