"""The seeded payment channel kinds' (migration 0002) and measure kinds' (migration 0003) English names."""
from django.db import migrations

from wanjia.core.english import fill_english

CHANNEL_KINDS = {
    "营业厅柜台": "Business hall counter",
    "银行网点代收": "Bank branch collection",
    "村级代收点": "Village agent point",
    "自助缴费终端": "Self-service payment terminal",
    "网上支付(手机钱包、网银)": "Online payment (mobile wallet, online banking)",
}

MEASURE_KINDS = {
    "新设缴费网点": "New payment point",
    "委托代收点": "Appointed agent point",
    "流动收费": "Mobile collection",
    "银行代扣": "Bank direct debit",
    "推广网上缴费": "Promotion of online payment",
}


class Migration(migrations.Migration):
    dependencies = [("payments", "0005_english_names")]
    operations = [
        fill_english("payments", "ChannelKind", "name", CHANNEL_KINDS),
        fill_english("payments", "MeasureKind", "name", MEASURE_KINDS),
    ]
