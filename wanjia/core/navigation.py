"""Navigation by work. One menu for the whole product, grouped by the work people do (not by app): each item
names the roles whose daily work it is, and the menu shows an item to a user when it is their work (managers
see everything of their unit) and the page lets them in (the permission table entry the page's view checks,
`core.permissions`, so the menu never offers a page that would answer 403). A new page is added to MENU (or USER_ITEMS) here, not on its AppConfig; apps add
home-page cards with `home_panels` on their AppConfig."""
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _

from wanjia.core.permissions import permits

# Role codes as text: org.models cannot be imported while apps load.
MANAGER, COUNTER, DISPATCHER, CREW, SECRETARY, AUDITOR = (
    "manager", "counter", "dispatcher", "crew", "branch_secretary", "auditor")
# What the user menu calls each role (Role.name is editable data in one language; the menu speaks both).
ROLE_LABELS = {"admin": _("系统管理员"), MANAGER: _("单位经理"), COUNTER: _("营业厅窗口人员"),
               DISPATCHER: _("抢修调度员"), CREW: _("抢修人员"), SECRETARY: _("党支部书记"), AUDITOR: _("审计(只读)")}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"
    roles: tuple[str, ...] = field(default=())  # whose work this is; empty: every signed-in user


@dataclass(frozen=True)
class NavGroup:
    label: str
    icon: str
    items: tuple[NavItem, ...]


@dataclass(frozen=True)
class HomePanel:
    """A card on the home page: a template rendered with the request; shown to the listed roles."""

    template: str
    roles: tuple[str, ...] = ()
    order: int = 100


MENU = (
    NavGroup(_("抢修"), "tools", (
        NavItem(_("我的抢修工单"), "repairs:crew", "phone", (CREW,)),
        NavItem(_("抢修调度台"), "repairs:board", "kanban", (DISPATCHER, AUDITOR)),
        NavItem(_("抢修工单"), "repairs:orders", "list-ul", (DISPATCHER, COUNTER, AUDITOR)),
        NavItem(_("受理报修"), "repairs:new", "plus-circle", (COUNTER, DISPATCHER)),
        NavItem(_("停电事件"), "repairs:outages", "lightning", (DISPATCHER, COUNTER, AUDITOR)),
        NavItem(_("不满意跟进"), "repairs:followups", "emoji-frown", (DISPATCHER, AUDITOR)),
        NavItem(_("抢修考核"), "repairs:assessment", "clipboard-check", (AUDITOR,)),
        NavItem(_("供电可靠性"), "repairs:reliability", "graph-up", (AUDITOR,)),
    )),
    NavGroup(_("营业"), "shop", (
        NavItem(_("营业厅"), "halls:list", "shop", (COUNTER, AUDITOR)),
        NavItem(_("报装受理"), "connections:intake", "plus-circle", (COUNTER,)),
        NavItem(_("报装申请"), "connections:list", "plug", (COUNTER, AUDITOR)),
        NavItem(_("超时环节"), "connections:overdue", "alarm", (COUNTER, AUDITOR)),
        NavItem(_("客户档案"), "customers:list", "people", (COUNTER, DISPATCHER, AUDITOR)),
        NavItem(_("客户意见"), "feedback:items", "chat-left-text", (COUNTER, SECRETARY, AUDITOR)),
        NavItem(_("缴费网点"), "payments:channels", "cash-coin", (COUNTER, AUDITOR)),
        NavItem(_("收费到账"), "payments:collection", "clock-history", (COUNTER, AUDITOR)),
        NavItem(_("缴费难措施"), "payments:measures", "list-check", (COUNTER, AUDITOR)),
    )),
    NavGroup(_("为民服务"), "flag", (
        NavItem(_("活动进度"), "campaign:list", "flag", (SECRETARY, AUDITOR)),
        NavItem(_("走访记录"), "outreach:visits", "house-door", (SECRETARY, CREW, AUDITOR)),
        NavItem(_("隐患整改"), "outreach:hazards", "exclamation-triangle", (SECRETARY, CREW, AUDITOR)),
        NavItem(_("客户座谈会"), "feedback:forums", "people", (SECRETARY, AUDITOR)),
        NavItem(_("热点难点"), "feedback:hot", "fire", (SECRETARY, AUDITOR)),
        NavItem(_("党工团组织"), "campaign:groups", "people-fill", (SECRETARY, AUDITOR)),
        NavItem(_("结对走访"), "campaign:pairing", "link-45deg", (SECRETARY, AUDITOR)),
        NavItem(_("五到位评分"), "campaign:scorecard", "award", (SECRETARY, AUDITOR)),
    )),
    NavGroup(_("有序用电"), "lightning-charge", (
        NavItem(_("预警与方案"), "orderly:index", "lightning", (DISPATCHER, AUDITOR)),
        NavItem(_("客户负荷档案"), "orderly:profiles", "building", (DISPATCHER, AUDITOR)),
    )),
    NavGroup(_("指标"), "speedometer2", (
        NavItem(_("指标看板"), "kpi:dashboard", "speedometer2", (AUDITOR,)),
        NavItem(_("地图"), "kpi:map", "geo-alt", (AUDITOR,)),
        NavItem(_("获得电力指标"), "connections:figures", "plug", (AUDITOR,)),
        NavItem(_("三指定核查"), "connections:compliance", "shield-check", (AUDITOR,)),
        NavItem(_("窗口服务评价"), "halls:figures", "emoji-smile", (COUNTER, AUDITOR)),
        NavItem(_("窗口人员技能"), "halls:skills", "mortarboard", (COUNTER, AUDITOR)),
        NavItem(_("缴费难分析"), "payments:coverage", "geo-alt", (AUDITOR,)),
        NavItem(_("指标定义"), "kpi:definitions", "journal-text", (AUDITOR,)),
    )),
    NavGroup(_("更多"), "three-dots", (
        NavItem(_("组织机构"), "org:tree", "diagram-3", (AUDITOR,)),
        NavItem(_("公众服务页面"), "portal:home", "globe", (COUNTER, DISPATCHER)),
    )),
)

# Everybody's own things, in the user menu next to the name.
USER_ITEMS = (
    NavItem(_("通知"), "notifications:inbox", "bell"),
    NavItem(_("我的后台任务"), "jobs:list", "hourglass-split"),
)


@lru_cache(maxsize=None)
def _page_entry(url: str) -> tuple[str | None, str]:
    """The permission table entry (resource, action) a GET of the page checks (`core.permissions`)."""
    func = resolve(url).func
    if hasattr(func, "access"):  # a function view (`core.views.requires`)
        return func.access[0], func.access[1]
    view_class = getattr(func, "view_class", None)
    return getattr(view_class, "resource", None), getattr(view_class, "action", "read")


def may_open(user, url: str) -> bool:
    resource, action = _page_entry(url)
    return resource is not None and permits(user, resource, action)


def _is_work(user, item: NavItem) -> bool:
    return not item.roles or user.has_role(MANAGER, *item.roles)


def _items(user, items) -> list[dict]:
    shown = []
    for item in items:
        if not _is_work(user, item):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app left out of DOMAIN_APPS
            continue
        if may_open(user, url):
            shown.append({"label": item.label, "url": url, "icon": item.icon, "name": item.url_name})
    return shown


def menu_for(user) -> list[dict]:
    """The groups (label, icon, items) this user works in, in menu order; empty groups are left out."""
    groups = [{"label": g.label, "icon": g.icon, "items": _items(user, g.items)} for g in MENU]
    return [g for g in groups if g["items"]]


def user_items_for(user) -> list[dict]:
    return _items(user, USER_ITEMS)


def home_panels_for(user) -> list[str]:
    panels = [p for c in apps.get_app_configs() for p in getattr(c, "home_panels", ()) if _visible(user, p.roles)]
    return [p.template for p in sorted(panels, key=lambda p: p.order)]


def _visible(user, roles) -> bool:
    return not roles or user.has_role(*roles)
