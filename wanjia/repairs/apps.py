from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel, NavItem

DESK = ("dispatcher", "manager", "auditor")


class RepairsConfig(AppConfig):
    name = "wanjia.repairs"
    label = "repairs"
    verbose_name = _("故障搶修")
    nav = [
        NavItem(_("搶修調度台"), "repairs:board", "kanban", DESK),
        NavItem(_("我的搶修工單"), "repairs:crew", "phone", ("crew",)),
        NavItem(_("受理報修"), "repairs:new", "plus-circle", ("counter", "dispatcher", "manager")),
        NavItem(_("搶修工單"), "repairs:orders", "list-ul", ("counter", "dispatcher", "manager", "auditor", "crew")),
        NavItem(_("停電事件"), "repairs:outages", "lightning", ("counter", "dispatcher", "manager", "auditor")),
        NavItem(_("搶修考核"), "repairs:assessment", "clipboard-check", DESK),
        NavItem(_("供電可靠性"), "repairs:reliability", "graph-up", DESK),
        NavItem(_("不滿意跟進"), "repairs:followups", "emoji-frown", DESK),
    ]
    home_panels = [HomePanel("repairs/home_panel.html", DESK, order=10)]
