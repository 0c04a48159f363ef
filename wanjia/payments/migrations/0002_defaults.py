"""Channel kinds and the default payment standard. No national figure for the 繳費難 distance or for posting
speed was found; the defaults below are this system's and say so, for each bureau to replace."""
from django.db import migrations

KINDS = [
    ("hall_counter", "營業廳櫃台", True),
    ("bank", "銀行網點代收", True),
    ("village_agent", "村級代收點", True),
    ("self_service", "自助繳費終端", True),
    ("online_wallet", "網上支付(手機錢包、網銀)", False),
]
DEFAULT_SOURCE = ("萬家系統預設:村到實體繳費點超過5公里(農村步行或騎行不便)列為繳費難;繳費後24小時內入賬為快速到賬。"
                  "未見全國統一標準,請按本單位規定修改。")


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
