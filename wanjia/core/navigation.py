"""Navigation by domain. Each app's AppConfig may list `nav` items; the layout shows those the user's roles
allow and whose URL exists."""
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"
    roles: tuple[str, ...] = field(default=())  # empty: every signed-in user


@dataclass(frozen=True)
class HomePanel:
    """A card on the home page: a template rendered with the request; shown to the listed roles."""

    template: str
    roles: tuple[str, ...] = ()
    order: int = 100


def _visible(user, roles) -> bool:
    return not roles or user.has_role(*roles)


def menu_for(user) -> list[dict]:
    sections = []
    for config in apps.get_app_configs():
        items = []
        for item in getattr(config, "nav", ()):
            if not _visible(user, item.roles):
                continue
            try:
                items.append({"label": item.label, "url": reverse(item.url_name), "icon": item.icon})
            except NoReverseMatch:
                continue
        if items:
            sections.append({"label": config.verbose_name, "app": config.label, "items": items})
    return sections


def home_panels_for(user) -> list[str]:
    panels = [p for c in apps.get_app_configs() for p in getattr(c, "home_panels", ()) if _visible(user, p.roles)]
    return [p.template for p in sorted(panels, key=lambda p: p.order)]
