from django.conf import settings

from wanjia.core import worktime
from wanjia.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    menu = menu_for(user) if user is not None and user.is_authenticated else []
    return {"nav_menu": menu, "map_tile_url": settings.WANJIA_MAP_TILE_URL,
            "map_tile_attribution": settings.WANJIA_MAP_TILE_ATTRIBUTION}


def calendar_warning(request):
    """Years whose holidays nobody has entered yet, for the people who can enter them (the admin site)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    return {"calendar_gaps": worktime.uncovered_years()}
