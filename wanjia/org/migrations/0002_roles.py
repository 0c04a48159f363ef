from django.db import migrations

ROLES = [
    ("admin", "系統管理員", "管理本單位及下級單位的用戶、策略和數據", False),
    ("manager", "單位經理", "查看考核與指標,處理升級事項", False),
    ("counter", "營業廳窗口人員", "受理報裝、報修和客戶意見", False),
    ("dispatcher", "搶修調度員", "派發搶修工單並跟蹤時限", False),
    ("crew", "搶修人員", "在現場處理搶修工單", False),
    ("branch_secretary", "黨支部書記", "管理支部結對和走訪", False),
    ("auditor", "審計(只讀)", "查看全部記錄,不能修改", True),
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
