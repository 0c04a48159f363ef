"""The one place that knows the scope rule: a user sees and changes only records of their own unit and the
units under it. Every scoped model's queryset offers `.restrict(user)`; base views and API viewsets call it
(after NetBox's `RestrictedQuerySet`). A model names the lookup from itself to its unit in `scope_path`
("" for the unit model itself, "station" for a customer, "order__station" for an order's event, ...)."""
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _


class ScopedQuerySetMixin:
    def restrict(self, user, action: str = "view"):
        """Records inside the user's unit subtree; none for anonymous users, users with no unit, and
        read-only users asking to change anything."""
        if user is None or not user.is_authenticated:
            return self.none()
        if action != "view" and getattr(user, "is_read_only", False):
            return self.none()
        if user.is_superuser:
            return self.all()
        unit = getattr(user, "unit", None)
        if unit is None:
            return self.none()
        prefix = self.model.scope_path
        if not prefix:
            return self.filter(path__startswith=unit.path)
        # A semi-join on the (small) unit table: the planner can drive big tables by their unit index.
        from wanjia.org.models import Unit

        return self.filter(**{f"{prefix}__in": Unit.objects.filter(path__startswith=unit.path).values("pk")})


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def referable(queryset, user):
    """The rows of `queryset` that `user` may point a record at: those inside their scope, or what the model
    says it lends further (`referable_by(user)`, e.g. a campaign run by a unit above; `referable_via`, e.g. a
    campaign's phase, referable when its campaign is). Models with no scope (categories, policy rows) are
    shared by everybody."""
    model = queryset.model
    if hasattr(model, "referable_by"):
        return queryset.filter(pk__in=model.referable_by(user).values("pk"))
    via = getattr(model, "referable_via", None)
    if via:
        parent = model._meta.get_field(via).related_model
        return queryset.filter(**{f"{via}__in": referable(parent.objects.all(), user).values("pk")})
    if hasattr(queryset, "restrict"):
        return queryset.restrict(user)
    path = getattr(model, "scope_path", None)
    if path is None:
        return queryset
    if user.is_superuser:
        return queryset
    if getattr(user, "unit", None) is None:
        return queryset.none()
    from wanjia.org.models import Unit

    return queryset.filter(**{f"{path}__in": Unit.objects.filter(path__startswith=user.unit.path).values("pk")})


def unit_of(obj):
    """The unit that scopes `obj`, following its model's `scope_path`."""
    target = obj
    path = type(obj).scope_path
    for part in filter(None, path.split("__")):
        target = getattr(target, part)
        if target is None:
            return None
    return target


def in_scope(user, obj) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    unit = unit_of(obj)
    return bool(user.unit_id and unit is not None and unit.path.startswith(user.unit.path))


def ensure_in_scope(user, obj, action: str = "change") -> None:
    """The re-check after a write (inside the write's transaction, so raising rolls it back)."""
    if action != "view" and getattr(user, "is_read_only", False):
        raise PermissionDenied(_("只读用户不能修改记录。"))
    if not in_scope(user, obj):
        raise PermissionDenied(_("该记录不在您的单位范围内。"))


def ensure_unit_in_scope(user, unit, action: str = "change") -> None:
    """For choices made in a form or payload: the unit picked must be inside the user's subtree."""
    if action != "view" and getattr(user, "is_read_only", False):
        raise PermissionDenied(_("只读用户不能修改记录。"))
    if user.is_superuser:
        return
    if unit is None or user.unit_id is None or not unit.path.startswith(user.unit.path):
        raise PermissionDenied(_("该单位不在您的单位范围内。"))
