from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wanjia.org import geo
from wanjia.org.models import ALLOWED_CHILD_KINDS, Role, Unit, UnitKind, User


@transaction.atomic
def unit_create(*, parent: Unit | None, code: str, name: str, kind: str, **fields) -> Unit:
    """Add a unit under `parent` (None for the provincial company), checking the hierarchy."""
    if parent is None:
        if kind != UnitKind.PROVINCE:
            raise ValidationError({"kind": _("只有省公司可以作为根单位。")})
    elif kind not in ALLOWED_CHILD_KINDS[UnitKind(parent.kind)]:
        raise ValidationError(
            {"kind": _("%(child)s 不能设在 %(parent)s 之下。") % {
                "child": UnitKind(kind).label, "parent": UnitKind(parent.kind).label}}
        )
    unit = Unit(code=code, name=name, kind=kind, **fields)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    return Unit.objects.add_child(parent, instance=unit) if parent else Unit.objects.add_root(instance=unit)


def station_for_location(latitude: float, longitude: float) -> Unit | None:
    """The supply station whose service area contains the point. The bounding box narrows it in SQL, the
    polygon test decides; the smallest area wins where areas overlap."""
    candidates = Unit.objects.filter(
        kind=UnitKind.STATION, is_active=True,
        min_latitude__lte=latitude, max_latitude__gte=latitude,
        min_longitude__lte=longitude, max_longitude__gte=longitude,
    ).only("id", "path", "name", "boundary", "area_type", "min_latitude", "max_latitude",
           "min_longitude", "max_longitude")
    inside = [u for u in candidates if geo.contains(u.boundary, latitude, longitude)]
    if not inside:
        return None
    return min(inside, key=lambda u: (u.max_latitude - u.min_latitude) * (u.max_longitude - u.min_longitude))


@transaction.atomic
def user_create(*, username: str, unit: Unit | None, roles: list[str], name: str = "", password: str = "",
                password_hash: str = "", **fields) -> User:
    """`password_hash` lets bulk set-ups (demo, tests) hash once instead of once per user."""
    user = User(username=username, name=name, unit=unit, **fields)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(Role.objects.filter(code__in=roles))
    return user
