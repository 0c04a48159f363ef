"""The 2020 and 2025 "getting electricity" opinions as selectable policy sets, not active by default
(shared/regulations.md). They set whole-process limits for low-voltage connections on top of the
regulation; each set copies the regulator set's rows so that activating it leaves repairs and connection
stages with limits, and adds its whole-process rows (kept as other limits: the connection clock counts
stages, and does not yet check the whole-process total)."""
from django.db import migrations

OPINION_2020 = ("发改能源规〔2020〕1479号(2020年意见):2022年底前小微企业用电报装全流程"
                "不超过15个工作日;160千瓦及以下零投资。见 shared/regulations.md(未核对原文)")
OPINION_2025 = ("国家发展改革委、国家能源局 2025-06-03 关于「获得电力」的意见:低压用户无外线工程全流程不超过5个工作日、"
                "有外线工程不超过15个工作日;160千瓦及以下民营企业零投资。二手来源:证券时报 2025-06-04 报导")

SETS = [
    ("getting-electricity-2020", "获得电力(发改能源规〔2020〕1479号)", OPINION_2020,
     [("connection_total_small_business", "小微企业用电报装全流程", 15)]),
    ("getting-electricity-2025", "获得电力(2025-06-03 意见)", OPINION_2025,
     [("connection_total_lv_no_external", "低压用电报装全流程(无外线工程)", 5),
      ("connection_total_lv_external", "低压用电报装全流程(有外线工程)", 15)]),
]
DESCRIPTION = "《供电监管办法》各项时限,加上该意见的全流程时限(工作日,自受理起)。全流程时限目前只展示,工单按环节计时。"


def load(apps, schema_editor):
    PolicySet = apps.get_model("commitments", "PolicySet")
    base = PolicySet.objects.filter(code="regulator-2010").first()
    for code, name, source, totals in SETS:
        policy = PolicySet.objects.create(code=code, name=name, kind="regulatory_maximum", description=DESCRIPTION,
                                          source=source, is_active=False)
        if base is not None:
            for related in ("repair_limits", "connection_limits", "other_limits"):
                for row in getattr(base, related).all():
                    row.pk, row.policy_set = None, policy
                    row.save()
        for row_code, row_name, days in totals:
            policy.other_limits.create(code=row_code, name=row_name, amount=days, unit="working_days",
                                       kind="regulatory_maximum", source=source)


def unload(apps, schema_editor):
    apps.get_model("commitments", "PolicySet").objects.filter(code__in=[s[0] for s in SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("commitments", "0005_quality_floors")]
    operations = [migrations.RunPython(load, unload)]
