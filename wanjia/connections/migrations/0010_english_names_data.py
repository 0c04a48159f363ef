"""The seeded required documents' English names (migration 0002)."""
from django.db import migrations

from wanjia.core.english import fill_english

NAMES = {
    "用电人有效身份证明(居民身份证等)": "Applicant's valid proof of identity (resident ID card etc.)",
    "房屋产权证明或租赁合同(附产权人同意书)": "Proof of property ownership or a lease (with the owner's consent)",
    "营业执照或组织机构证明": "Business licence or organisation certificate",
    "法定代表人(负责人)身份证明及授权委托书": "Legal representative's (person in charge's) proof of identity and power of attorney",
    "用电地址产权证明或租赁协议": "Proof of ownership or lease of the supply address",
    "用电设备清单(负荷清单)": "List of electrical equipment (load list)",
    "用电项目批准(核准、备案)文件": "Project approval (approval or filing) documents",
    "双电源需求说明及重要负荷清单": "Statement of the need for dual supply, with the list of critical loads",
    "临时用电期限及用途说明": "Statement of the temporary supply's term and purpose",
}


class Migration(migrations.Migration):
    dependencies = [("connections", "0009_english_names")]
    operations = [
        fill_english("connections", "RequiredDocument", "name", NAMES),
    ]
