"""The home page's "what must I do now": each domain app's `selectors.todo(user=..., now=...)` returns the
user's due and overdue items as `Todo`s; the home page gathers them over `settings.DOMAIN_APPS`, so every count
is computed by the app that owns the data."""
import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings


@dataclass(frozen=True)
class TodoRow:
    text: str
    url: str
    due: dt.datetime | dt.date | None = None


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    level: str = "primary"  # Bootstrap colour: danger (overdue), warning (due soon), primary
    rows: list[TodoRow] = field(default_factory=list)  # the first few, most urgent first
    order: int = 100


def todos_for(user, now: dt.datetime) -> list[Todo]:
    found = []
    for app in settings.DOMAIN_APPS:
        try:
            selectors = import_module(f"wanjia.{app}.selectors")
        except ModuleNotFoundError:
            continue
        if hasattr(selectors, "todo"):
            found.extend(t for t in selectors.todo(user=user, now=now) if t.count)
    level_rank = {"danger": 0, "warning": 1}
    return sorted(found, key=lambda t: (level_rank.get(t.level, 2), t.order))


def only_crew(user) -> bool:
    """A crew member with no desk role: their home is their orders."""
    return not user.is_superuser and "crew" in user.role_codes and user.role_codes <= {"crew", "auditor"}
