"""Today's regulatory defaults (shared/regulations.md). Each row names its source so an administrator can see
where a number came from and change it when the rule changes."""
from django.db import migrations

REGULATION = (
    "《供電監管辦法》(國家電力監管委員會令第27號,2010-01-01施行)第十三條;同見 GB/T 28583-2012《供電服務規範》。"
    "二手來源:news.bjx.com.cn/html/20120917/388584.shtml"
)
COMPANY_2023 = (
    "國家電網公司供電服務「十項承諾」(2023年版):搶修到達現場平均時間城區45分鐘、農村90分鐘、特殊邊遠地區2小時;"
    "到達現場後恢復供電平均時間城區3小時、農村4小時。yantai.gov.cn:446/art/2023/12/8/art_68404_3033506.html"
)
RESTORATION_NOTE = (
    "《供電監管辦法》未規定復電時限;復電目標取企業承諾的平均值(城區3小時、農村4小時)。"
    "邊遠地區未見公開數字,暫按農村4小時,請按本單位規定修改。"
)
CONNECTION = (
    "《供電監管辦法》第十二條的業擴時限,據某縣供電公司公開的《業擴報裝業務時限》(2016):"
    "jilinnxwh.com/www/qzgs/html/2016-05/201605210813587377.html(勿與2005年試行辦法的5/10/30/60日混淆)"
)
CONNECTION_COMPANY = CONNECTION + ";企業另承諾全流程合計:低壓非居民≤6、高壓單電源≤22、高壓雙電源≤32個工作日,居民全流程≤5個工作日(國網2023)"

# stage -> class -> working days ("—": the stage does not apply to the class)
STAGE_DAYS = {
    "supply_plan": {"resident": 3, "lv_non_resident": 8, "hv_single": 20, "hv_dual": 45},
    "design_review": {"lv_non_resident": 8, "hv_single": 20, "hv_dual": 20},
    "intermediate_inspection": {"lv_non_resident": 3, "hv_single": 5, "hv_dual": 5},
    "completion_inspection": {"resident": 5, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7},
    "metering": {"resident": 3, "lv_non_resident": 5, "hv_single": 7, "hv_dual": 7},
}

OTHER = [
    ("complaint_reply", "客戶投訴處理答復", 10, "working_days",
     "《供電監管辦法》:自受理投訴之日起10個工作日內答復處理意見(二手來源,2009年新聞報導)"),
    ("planned_outage_notice", "計劃檢修停電提前公告", 7, "calendar_days",
     "國網「十項承諾」(2023):計劃檢修停電提前7天公告;《供電營業規則》第六十七條"),
    ("temporary_outage_notice_important", "臨時檢修停電提前通知重要客戶", 24, "hours",
     "國網「十項承諾」(2023):臨時檢修停電提前24小時通知重要客戶"),
]

POLICY_SETS = [
    {
        "code": "regulator-2010",
        "name": "監管時限(供電監管辦法)",
        "kind": "regulatory_maximum",
        "description": "每一張工單、每一個環節都不得超過的上限。",
        "source": REGULATION,
        "is_active": True,
        "repair": {"urban": (60, 180), "rural": (120, 240), "remote": (240, 240)},
        "repair_source": REGULATION + " " + RESTORATION_NOTE,
        "connection_source": CONNECTION,
    },
    {
        "code": "company-2023",
        "name": "企業承諾(國網十項承諾 2023)",
        "kind": "company_average",
        "description": "企業公開承諾的平均時間,比監管上限更嚴;考核按平均值理解。",
        "source": COMPANY_2023,
        "is_active": False,
        "repair": {"urban": (45, 180), "rural": (90, 240), "remote": (120, 240)},
        "repair_source": COMPANY_2023 + " 邊遠地區復電目標未公開,暫按農村4小時。",
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
