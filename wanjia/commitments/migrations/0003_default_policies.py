"""Today's regulatory defaults (shared/regulations.md). Each row names its source so an administrator can see
where a number came from and change it when the rule changes."""
from django.db import migrations

REGULATION = (
    "《供电监管办法》(国家电力监管委员会令第27号,2010-01-01施行)第十三条;同见 GB/T 28583-2012《供电服务规范》。"
    "二手来源:news.bjx.com.cn/html/20120917/388584.shtml"
)
COMPANY_2023 = (
    "国家电网公司供电服务「十项承诺」(2023年版):抢修到达现场平均时间城区45分钟、农村90分钟、特殊边远地区2小时;"
    "到达现场后恢复供电平均时间城区3小时、农村4小时。yantai.gov.cn:446/art/2023/12/8/art_68404_3033506.html"
)
RESTORATION_NOTE = (
    "《供电监管办法》未规定复电时限;复电目标取企业承诺的平均值(城区3小时、农村4小时)。"
    "边远地区未见公开数字,暂按农村4小时,请按本单位规定修改。"
)
CONNECTION = (
    "《供电监管办法》第十二条的业扩时限,据某县供电公司公开的《业扩报装业务时限》(2016):"
    "jilinnxwh.com/www/qzgs/html/2016-05/201605210813587377.html(勿与2005年试行办法的5/10/30/60日混淆)"
)
CONNECTION_COMPANY = CONNECTION + ";企业另承诺全流程合计:低压非居民≤6、高压单电源≤22、高压双电源≤32个工作日,居民全流程≤5个工作日(国网2023)"

# stage -> class -> working days ("—": the stage does not apply to the class)
STAGE_DAYS = {
    "supply_plan": {"resident": 3, "lv_non_resident": 8, "hv_single": 20, "hv_dual": 45},
    "design_review": {"lv_non_resident": 8, "hv_single": 20, "hv_dual": 20},
    "intermediate_inspection": {"lv_non_resident": 3, "hv_single": 5, "hv_dual": 5},
    "completion_inspection": {"resident": 5, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7},
    "metering": {"resident": 3, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7},
}

OTHER = [
    ("complaint_reply", "客户投诉处理答复", 10, "working_days",
     "《供电监管办法》:自受理投诉之日起10个工作日内答复处理意见(二手来源,2009年新闻报导)"),
    ("planned_outage_notice", "计划检修停电提前公告", 7, "calendar_days",
     "国网「十项承诺」(2023):计划检修停电提前7天公告;《供电营业规则》第六十七条"),
    ("temporary_outage_notice_important", "临时检修停电提前通知重要客户", 24, "hours",
     "国网「十项承诺」(2023):临时检修停电提前24小时通知重要客户"),
]

POLICY_SETS = [
    {
        "code": "regulator-2010",
        "name": "监管时限(供电监管办法)",
        "kind": "regulatory_maximum",
        "description": "每一张工单、每一个环节都不得超过的上限。",
        "source": REGULATION,
        "is_active": True,
        "repair": {"urban": (60, 180), "rural": (120, 240), "remote": (240, 240)},
        "repair_source": REGULATION + " " + RESTORATION_NOTE,
        "connection_source": CONNECTION,
    },
    {
        "code": "company-2023",
        "name": "企业承诺(国网十项承诺 2023)",
        "kind": "company_average",
        "description": "企业公开承诺的平均时间,比监管上限更严;考核按平均值理解。",
        "source": COMPANY_2023,
        "is_active": False,
        "repair": {"urban": (45, 180), "rural": (90, 240), "remote": (120, 240)},
        "repair_source": COMPANY_2023 + " 边远地区复电目标未公开,暂按农村4小时。",
        "connection_source": CONNECTION_COMPANY,
    },
]


def load(apps, schema_editor):
    PolicySet = apps.get_model("commitments", "PolicySet")
    RepairTimeLimit = apps.get_model("commitments", "RepairTimeLimit")
    ConnectionStageLimit = apps.get_model("commitments", "ConnectionStageLimit")
    OtherTimeLimit = apps.get_model("commitments", "OtherTimeLimit")
    for spec in POLICY_SETS:
        policy = PolicySet.objects.create(
            code=spec["code"], name=spec["name"], kind=spec["kind"], description=spec["description"],
            source=spec["source"], is_active=spec["is_active"],
        )
        for area, (arrival, restoration) in spec["repair"].items():
            RepairTimeLimit.objects.create(policy_set=policy, area_type=area, arrival_minutes=arrival,
                                           restoration_minutes=restoration, source=spec["repair_source"])
        for stage, by_class in STAGE_DAYS.items():
            for customer_class, days in by_class.items():
                ConnectionStageLimit.objects.create(policy_set=policy, stage=stage, customer_class=customer_class,
                                                    working_days=days, source=spec["connection_source"])
        for code, name, amount, unit, source in OTHER:
            OtherTimeLimit.objects.create(policy_set=policy, code=code, name=name, amount=amount, unit=unit,
                                          source=source)


def unload(apps, schema_editor):
    apps.get_model("commitments", "PolicySet").objects.filter(code__in=[p["code"] for p in POLICY_SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]
