"""Reading a policy set for people: its figures grouped by what kind of rule each one is."""
from django.utils.translation import gettext as _

from wanjia.commitments.models import ConnectionStage, PolicyKind, PolicySet, QualityFloor
from wanjia.core.text import label
from wanjia.customers.models import CustomerClass


def figures_by_kind(policy: PolicySet) -> list[dict]:
    """One group per kind that has rows, in PolicyKind order: the repair and other figures, each with its own
    source, and the connection stage matrix of that kind with the sources of its rows."""
    groups = {kind: {"kind": kind, "label": kind.label, "figures": [], "stages": {}, "stage_sources": []}
              for kind in PolicyKind}
    for row in policy.repair_limits.all():
        area = row.get_area_type_display()
        groups[row.arrival_kind]["figures"].append(
            {"section": _("故障抢修"), "name": _("%(area)s:到达现场") % {"area": area},
             "amount": row.arrival_minutes, "unit": _("分钟"), "source": row.source})
        groups[row.restoration_kind]["figures"].append(
            {"section": _("故障抢修"), "name": _("%(area)s:恢复供电(到达后)") % {"area": area},
             "amount": row.restoration_minutes, "unit": _("分钟"), "source": row.restoration_source})
    for row in policy.other_limits.all():
        groups[row.kind]["figures"].append({"section": _("其他"), "name": label(row), "amount": row.amount,
                                            "unit": row.get_unit_display(), "source": row.source})
    for row in policy.connection_limits.all():
        group = groups[row.kind]
        group["stages"][(row.stage, row.customer_class)] = row.working_days
        if row.source not in group["stage_sources"]:
            group["stage_sources"].append(row.source)
    for group in groups.values():
        limits = group.pop("stages")
        group["stage_rows"] = [(stage.label, [limits.get((stage.value, c.value)) for c in CustomerClass])
                               for stage in ConnectionStage
                               if any((stage.value, c.value) in limits for c in CustomerClass)]
    return [g for g in groups.values() if g["figures"] or g["stage_rows"]]


def quality_floor(indicator: str, applies_to: str) -> QualityFloor | None:
    return QualityFloor.objects.filter(indicator=indicator, applies_to=applies_to).first()
