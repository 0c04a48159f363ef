from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wanjia.core.navigation import HomePanel, NavItem

DESK = ("dispatcher", "manager", "auditor")


class RepairsConfig(AppConfig):
    name = "wanjia.repairs"
    label = "repairs"
    verbose_name = _("故障抢修")
    nav = [
        NavItem(_("抢修调度台"), "repairs:board", "kanban", DESK),
        NavItem(_("我的抢修工单"), "repairs:crew", "phone", ("crew",)),
        NavItem(_("受理报修"), "repairs:new", "plus-circle", ("counter", "dispatcher", "manager")),
        NavItem(_("抢修工单"), "repairs:orders", "list-ul", ("counter", "dispatcher", "manager", "auditor", "crew")),
        NavItem(_("停电事件"), "repairs:outages", "lightning", ("counter", "dispatcher", "manager", "auditor")),
        NavItem(_("抢修考核"), "repairs:assessment", "clipboard-check", DESK),
        NavItem(_("供电可靠性"), "repairs:reliability", "graph-up", DESK),
        NavItem(_("不满意跟进"), "repairs:followups", "emoji-frown", DESK),
    ]
    home_panels = [HomePanel("repairs/home_panel.html", DESK, order=10)]
