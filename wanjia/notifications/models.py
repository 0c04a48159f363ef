from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("站内信")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class Delivery(models.TextChoices):
    NONE = "", _("无需外发")
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    """One message to one recipient: a staff user (inbox, e-mail, SMS) or, for the public, a phone number
    (SMS only). `dedupe_key` makes repeated checks (`wanjia tick`) send a notice once."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notifications")
    phone = models.CharField(_("接收号码"), max_length=20, blank=True)
    kind = models.CharField(_("类型"), max_length=50, db_index=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    channels = models.JSONField(_("渠道"), default=list)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("外发时间"), null=True, blank=True)
    send_error = models.TextField(blank=True)
    # Outside delivery (e-mail, SMS): claimed, sent, marked; retried with backoff (services.deliver).
    delivery = models.CharField(_("外发状态"), max_length=10, choices=Delivery.choices, default=Delivery.NONE,
                                blank=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Channels already handed to their gateway, so a retry never sends them again.
    delivered_channels = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], condition=~models.Q(dedupe_key=""),
                                    name="notification_once_per_user"),
            models.UniqueConstraint(fields=["phone", "dedupe_key"],
                                    condition=~models.Q(dedupe_key="") & models.Q(recipient__isnull=True),
                                    name="notification_once_per_phone"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["next_attempt_at"], name="notification_due_idx",
                         condition=models.Q(delivery__in=["pending", "sending"])),
        ]

    def __str__(self) -> str:
        return self.subject
