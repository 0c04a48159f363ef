"""The seeded hall catalogues' English names (migrations 0002 and 0003)."""
from django.db import migrations

from wanjia.core.english import fill_english

FACILITIES = {
    "排队叫号系统": "Queue ticket system",
    "服务评价器": "Service rating device",
    "自助缴费终端": "Self-service payment terminal",
    "业务公示栏": "Public notice board",
    "等候座椅": "Waiting seats",
    "填单台及填写范本": "Form-filling desk with sample forms",
    "无障碍通道": "Barrier-free access",
    "老年人及残疾人优先窗口": "Priority counter for the elderly and disabled",
    "便民服务箱": "Convenience kit",
    "饮水设施": "Drinking water",
    "意见簿/意见箱": "Comment book / comment box",
    "上岗人员公示牌": "Board of staff on duty",
}
SERVICES = {
    "新装增容(业扩报装)": "New connection or capacity increase",
    "故障报修受理": "Fault reports",
    "电费缴纳": "Bill payment",
    "发票打印": "Invoice printing",
    "更名过户": "Change of name or ownership",
    "电价电费咨询": "Tariff and bill enquiries",
    "计量装置校验申请": "Meter test requests",
    "投诉、意见和建议": "Complaints, opinions and suggestions",
}
PRACTICES = {
    "首问负责": "First-contact responsibility",
    "一次性告知": "One-time full notice",
    "限时办结": "Done within the time limit",
}
REASONS = {
    "等候时间长": "Long wait",
    "服务态度不好": "Poor service manner",
    "业务不熟练、解答不清": "Staff unfamiliar with the business, unclear answers",
    "材料或流程未一次告知,需要多次往返": "Documents or steps not told at once, several trips needed",
    "推诿,未做到首问负责": "Passed on, no first-contact responsibility",
    "问题没有解决": "Problem not solved",
    "环境或设施不好": "Poor environment or facilities",
    "其他": "Other",
}
SKILLS = {
    "业务知识与政策": "Business knowledge and policy",
    "服务礼仪与沟通": "Service etiquette and communication",
    "营销业务系统操作": "Marketing system operation",
}


class Migration(migrations.Migration):
    dependencies = [("halls", "0004_english_names")]
    operations = [
        fill_english("halls", "Facility", "name", FACILITIES),
        fill_english("halls", "HallService", "name", SERVICES),
        fill_english("halls", "Practice", "name", PRACTICES),
        fill_english("halls", "DissatisfactionReason", "name", REASONS),
        fill_english("halls", "SkillItem", "name", SKILLS),
    ]
