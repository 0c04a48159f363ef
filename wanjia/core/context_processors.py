from django.conf import settings

from wanjia.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    menu = menu_for(user) if user is not None and user.is_authenticated else []
    return {"nav_menu": menu, "map_tile_url": settings.WANJIA_MAP_TILE_URL,
            "map_tile_attribution": settings.WANJIA_MAP_TILE_ATTRIBUTION}
