"""Each row of a policy set gets its own kind and source (shared/regulations.md): arrival limits are the
regulation's (供电监管办法, or the company's stricter averages in the company set), restoration targets and the
outage notices are State Grid's 2023 commitments (the regulation sets none), and a figure nobody published is
a local rule until the bureau sets its own."""
from django.db import migrations, models

REGULATION = (
    "《供电监管办法》(国家电力监管委员会令第27号,2010-01-01施行)第十三条;同见 GB/T 28583-2012《供电服务规范》。"
    "二手来源:news.bjx.com.cn/html/20120917/388584.shtml"
)
COMPANY_2023 = "国家电网公司供电服务「十项承诺」(2023年版),yantai.gov.cn:446/art/2023/12/8/art_68404_3033506.html"
ARRIVAL_COMPANY = COMPANY_2023 + ":抢修到达现场平均时间城区45分钟、农村90分钟、特殊边远地区2小时"
RESTORATION_COMPANY = COMPANY_2023 + ":到达现场后恢复供电平均时间城区3小时、农村4小时(《供电监管办法》未规定复电时限)"
RESTORATION_REMOTE = ("边远地区复电目标未见公开数字(《供电监管办法》与国网承诺均无),暂按农村4小时,"
                      "请按本单位规定修改。")

# code -> (kind, source) for the rows of both seeded sets
OTHER = {
    "complaint_reply": ("regulatory_maximum",
                        "《供电监管办法》:自受理投诉之日起10个工作日内答复处理意见(二手来源,2009年新闻报导)"),
    "planned_outage_notice": ("company_average", COMPANY_2023 + ":计划检修停电提前7天公告"),
    "temporary_outage_notice_important": ("company_average", COMPANY_2023 + ":临时检修停电提前24小时通知重要客户"),
}


def fix_rows(apps, schema_editor):
    RepairTimeLimit = apps.get_model("commitments", "RepairTimeLimit")
    OtherTimeLimit = apps.get_model("commitments", "OtherTimeLimit")
    ConnectionStageLimit = apps.get_model("commitments", "ConnectionStageLimit")
    for row in RepairTimeLimit.objects.filter(policy_set__code__in=["regulator-2010", "company-2023"]):
        if row.policy_set.code == "regulator-2010":
            row.arrival_kind, row.source = "regulatory_maximum", REGULATION
        else:
            row.arrival_kind, row.source = "company_average", ARRIVAL_COMPANY
        if row.area_type == "remote":
            row.restoration_kind, row.restoration_source = "local", RESTORATION_REMOTE
        else:
            row.restoration_kind, row.restoration_source = "company_average", RESTORATION_COMPANY
        row.save(update_fields=["arrival_kind", "source", "restoration_kind", "restoration_source"])
    for code, (kind, source) in OTHER.items():
        OtherTimeLimit.objects.filter(policy_set__code__in=["regulator-2010", "company-2023"], code=code).update(
            kind=kind, source=source)
    # The stage limits are the regulation's in both sets (the company's whole-process totals are not per stage).
    ConnectionStageLimit.objects.filter(policy_set__code__in=["regulator-2010", "company-2023"]).update(
        kind="regulatory_maximum")


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0003_default_policies'),
    ]

    operations = [
        migrations.AddField(
            model_name='connectionstagelimit',
            name='kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='regulatory_maximum', max_length=24, verbose_name='性质'),
        ),
        migrations.AddField(
            model_name='historicalconnectionstagelimit',
            name='kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='regulatory_maximum', max_length=24, verbose_name='性质'),
        ),
        migrations.AddField(
            model_name='historicalothertimelimit',
            name='kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='regulatory_maximum', max_length=24, verbose_name='性质'),
        ),
        migrations.AddField(
            model_name='historicalrepairtimelimit',
            name='arrival_kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='regulatory_maximum', max_length=24, verbose_name='到达时限性质'),
        ),
        migrations.AddField(
            model_name='historicalrepairtimelimit',
            name='restoration_kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='company_average', max_length=24, verbose_name='复电目标性质'),
        ),
        migrations.AddField(
            model_name='historicalrepairtimelimit',
            name='restoration_source',
            field=models.TextField(blank=True, verbose_name='复电目标依据'),
        ),
        migrations.AddField(
            model_name='othertimelimit',
            name='kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='regulatory_maximum', max_length=24, verbose_name='性质'),
        ),
        migrations.AddField(
            model_name='repairtimelimit',
            name='arrival_kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='regulatory_maximum', max_length=24, verbose_name='到达时限性质'),
        ),
        migrations.AddField(
            model_name='repairtimelimit',
            name='restoration_kind',
            field=models.CharField(choices=[('regulatory_maximum', '监管上限(每单不得超过)'), ('company_average', '企业承诺(平均值)'), ('local', '本单位规定')], default='company_average', max_length=24, verbose_name='复电目标性质'),
        ),
        migrations.AddField(
            model_name='repairtimelimit',
            name='restoration_source',
            field=models.TextField(blank=True, verbose_name='复电目标依据'),
        ),
        migrations.AlterField(
            model_name='historicalrepairtimelimit',
            name='source',
            field=models.TextField(verbose_name='到达时限依据'),
        ),
        migrations.AlterField(
            model_name='repairtimelimit',
            name='source',
            field=models.TextField(verbose_name='到达时限依据'),
        ),
        migrations.RunPython(fix_rows, migrations.RunPython.noop),
    ]
