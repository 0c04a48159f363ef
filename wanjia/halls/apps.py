from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel


class HallsConfig(AppConfig):
    name = "wanjia.halls"
    label = "halls"
    verbose_name = _("营业厅")
    # Role codes as text: models cannot be imported while apps load (Role.COUNTER, Role.MANAGER).
    home_panels = [HomePanel("halls/_home_panel_card.html", roles=("counter", "manager"), order=60)]
