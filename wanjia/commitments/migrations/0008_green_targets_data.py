"""Internal targets for the green channel (绿色通道: hospitals, schools and the kinds the bureau adds) in every
policy set: stricter than the set's own limits, assessed on their own; the limits stay in force. No published
figure was found (shared/regulations.md has none), so the rows are the bureau's own rule with example values,
each saying so, for an administrator to replace with the bureau's figures."""
import math

from django.db import migrations

REPAIR = {"urban": (30, 120), "rural": (60, 180), "remote": (90, 180)}
REPAIR_SOURCE = ("本单位规定:绿色通道(医院、学校等)抢修内部目标,严于本策略的时限,另行考核,法定时限照常适用。"
                 "示例值(到达:城区30分钟、农村60分钟、边远90分钟;复电:城区2小时、农村和边远3小时),"
                 "无公开依据,请按本单位制度修改。")
STAGE_SOURCE = ("本单位规定:绿色通道业扩环节内部目标,取本策略该环节时限的一半(向上取整),另行考核,法定时限照常适用。"
                "示例值,无公开依据,请按本单位制度修改。")


def load(apps, schema_editor):
    PolicySet = apps.get_model("commitments", "PolicySet")
    GreenRepairTarget = apps.get_model("commitments", "GreenRepairTarget")
    GreenStageTarget = apps.get_model("commitments", "GreenStageTarget")
    for policy in PolicySet.objects.all():
        for limit in policy.repair_limits.all():
            arrival, restoration = REPAIR.get(limit.area_type, (None, None))
            if arrival and arrival < limit.arrival_minutes and restoration < limit.restoration_minutes:
                GreenRepairTarget.objects.create(policy_set=policy, area_type=limit.area_type, arrival_minutes=arrival,
                                                 restoration_minutes=restoration, kind="local", source=REPAIR_SOURCE)
        for limit in policy.connection_limits.all():
            days = math.ceil(limit.working_days / 2)
            if days < limit.working_days:
                GreenStageTarget.objects.create(policy_set=policy, stage=limit.stage,
                                                customer_class=limit.customer_class, working_days=days, kind="local",
                                                source=STAGE_SOURCE)


def unload(apps, schema_editor):
    apps.get_model("commitments", "GreenRepairTarget").objects.all().delete()
    apps.get_model("commitments", "GreenStageTarget").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("commitments", "0007_green_targets")]
    operations = [migrations.RunPython(load, unload)]
