from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "wanjia.campaign"
    label = "campaign"
    verbose_name = _("為民服務 創先爭優")
