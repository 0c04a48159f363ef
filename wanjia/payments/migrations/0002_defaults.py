"""Channel kinds and the default payment standard. No national figure for the 缴费难 distance or for posting
speed was found; the defaults below are this system's and say so, for each bureau to replace."""
from django.db import migrations

KINDS = [
    ("hall_counter", "营业厅柜台", True),
    ("bank", "银行网点代收", True),
    ("village_agent", "村级代收点", True),
    ("self_service", "自助缴费终端", True),
    ("online_wallet", "网上支付(手机钱包、网银)", False),
]
DEFAULT_SOURCE = ("万家系统预设:村到实体缴费点超过5公里(农村步行或骑行不便)列为缴费难;缴费后24小时内入账为快速到账。"
                  "未见全国统一标准,请按本单位规定修改。")


def load(apps, schema_editor):
    ChannelKind = apps.get_model("payments", "ChannelKind")
    for order, (code, name, physical) in enumerate(KINDS, start=1):
        ChannelKind.objects.create(code=code, name=name, is_physical=physical, order=order * 10)
    apps.get_model("payments", "PaymentStandard").objects.create(unit=None, max_distance_km=5, posting_hours=24,
                                                                 source=DEFAULT_SOURCE)


def unload(apps, schema_editor):
    apps.get_model("payments", "PaymentStandard").objects.filter(unit=None).delete()
    apps.get_model("payments", "ChannelKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
