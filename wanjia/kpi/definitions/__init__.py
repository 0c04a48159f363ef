"""KPI definitions, one module per source app. `load()` imports them in order (derived KPIs after their
inputs); each module registers only what its app provides."""
from importlib import import_module

MODULES = ["customers", "repairs", "connections", "campaign", "outreach", "feedback", "halls", "payments"]


def load() -> None:
    for name in MODULES:
        try:
            module = import_module(f"wanjia.kpi.definitions.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"wanjia.kpi.definitions.{name}":
                raise
            continue
        module.register_all()
