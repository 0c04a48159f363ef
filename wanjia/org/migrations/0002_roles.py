from django.db import migrations

ROLES = [
    ("admin", "系统管理员", "管理本单位及下级单位的用户、策略和数据", False),
    ("manager", "单位经理", "查看考核与指标,处理升级事项", False),
    ("counter", "营业厅窗口人员", "受理报装、报修和客户意见", False),
    ("dispatcher", "抢修调度员", "派发抢修工单并跟踪时限", False),
    ("crew", "抢修人员", "在现场处理抢修工单", False),
    ("branch_secretary", "党支部书记", "管理支部结对和走访", False),
    ("auditor", "审计(只读)", "查看全部记录,不能修改", True),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, name, description, read_only in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "read_only": read_only}
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
