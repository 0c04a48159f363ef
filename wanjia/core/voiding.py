"""Voiding (作废) a record entered by mistake: the row stays, with who voided it, when and why, and its history
(django-simple-history keeps the reason); it drops out of every list, figure, map and report because the
model's default manager (`LiveManager`) leaves voided rows out. `all_objects` still reaches them (admin)."""
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wanjia.core.errors import DomainError
from wanjia.org.scoping import ScopedManager, ensure_in_scope


class Voidable(models.Model):
    voided_at = models.DateTimeField(gettext_lazy("作废时间"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("作废人"), null=True,
                                  blank=True, editable=False, on_delete=models.PROTECT, related_name="+")
    void_reason = models.CharField(gettext_lazy("作废原因"), max_length=300, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class LiveManager(ScopedManager):
    """The default manager of a voidable model: scoped, without voided rows."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


@transaction.atomic
def record_void(*, record: Voidable, actor, reason: str) -> Voidable:
    """Voids `record` for `actor` (scope checked here; roles by the caller, as for the record's other writes)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写作废原因。"), code="reason_required", field="reason")
    if len(reason) > 300:
        raise DomainError(_("作废原因不能超过 300 字。"), code="reason_too_long", field="reason")
    record = type(record).all_objects.select_for_update().get(pk=record.pk)
    ensure_in_scope(actor, record)
    if record.is_voided:
        raise DomainError(_("该记录已作废。"), code="already_voided")
    record.voided_at, record.voided_by, record.void_reason = timezone.now(), actor, reason
    record._change_reason, record._history_user = reason, actor  # kept on the history row
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return record

