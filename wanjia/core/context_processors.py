from django.conf import settings
from django.utils.translation import gettext as _

from wanjia.core import worktime
from wanjia.core.navigation import ROLE_LABELS, menu_for, user_items_for


def _mark_active(menu: list[dict], path: str) -> list[dict]:
    """The item whose URL is the longest prefix of the path is the current page; its group is open."""
    best = max((item for group in menu for item in group["items"] if path.startswith(item["url"])),
               key=lambda item: len(item["url"]), default=None)
    for group in menu:
        for item in group["items"]:
            item["active"] = item is best
        group["active"] = any(item["active"] for item in group["items"])
    return menu


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "nav_menu": _mark_active(menu_for(user), request.path) if signed_in else [],
        "nav_user_items": user_items_for(user) if signed_in else [],
        "nav_roles": [ROLE_LABELS.get(role.code, role.name) for role in user.roles.all()] if signed_in else [],
        # Words the shared script (wanjia.js) shows: translated here, read by the script from json_script.
        "wanjia_strings": {"busy": _("处理中…"), "copied": _("已复制"), "copy": _("复制"), "pick": _("选择或输入搜索"),
                           "no_results": _("没有找到"), "clear": _("清除"), "remove": _("移除")},
        "map_tile_url": settings.WANJIA_MAP_TILE_URL,
        "map_tile_attribution": settings.WANJIA_MAP_TILE_ATTRIBUTION,
    }


def calendar_warning(request):
    """Years whose holidays nobody has entered yet, for the people who can enter them (the admin site)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {"calendar_gaps": worktime.uncovered_years()}
