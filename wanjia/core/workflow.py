"""Status changes as named transitions that append an event (after Saleor's order actions).

A model declares `TRANSITIONS = {from_status: {to_status, ...}}` and an event model with a FK named by
`event_fk`; `transition()` is the only writer of `status`. It locks the row, refuses what the table does not
allow with a readable message, writes the status, appends the event, and runs side effects on commit."""
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.errors import DomainError


def allowed_targets(obj) -> set[str]:
    return set(obj.TRANSITIONS.get(obj.status, ()))


def transition(obj, to_status: str, *, actor, event_model, event_fk: str, note: str = "", at=None,
               data: dict | None = None, update: dict | None = None,
               on_commit: Callable[[], None] | None = None):
    """Move `obj` to `to_status`. `update` sets other fields in the same save (e.g. `arrived_at`)."""
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        if to_status not in allowed_targets(locked):
            labels = dict(type(obj)._meta.get_field("status").flatchoices)
            raise DomainError(
                _("不能从「%(from)s」转为「%(to)s」。") % {
                    "from": labels.get(locked.status, locked.status), "to": labels.get(to_status, to_status)},
                code="illegal_transition",
            )
        at = at or timezone.now()
        from_status = locked.status
        fields = {"status": to_status, **(update or {})}
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, *(["updated_at"] if hasattr(locked, "updated_at") else [])])
        event = event_model.objects.create(
            **{event_fk: locked}, actor=actor, at=at, from_status=from_status, to_status=to_status,
            note=note, data=data or {},
        )
        if on_commit:
            transaction.on_commit(on_commit)
    for name, value in fields.items():
        setattr(obj, name, value)
    return event
