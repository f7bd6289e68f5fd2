from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationEvent(models.Model):
    """The outbox of dispatch(): one row per thing that happened, written in the
    transaction that made it happen. A worker expands it into notifications and
    deliveries afterwards, in batches of recipients ordered by id; `cursor` is the last
    recipient id done, so a fan-out that stopped resumes where it was."""

    name = models.CharField(_("event"), max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # The idea the event is about, if any: its fan-outs run in order and, once it is
    # hidden, reach only staff.
    proposal_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # References to the objects the event names, reloaded at fan-out time.
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    cursor = models.PositiveBigIntegerField(default=0)
    fanout_done_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    # When the sweep last queued it: a long fan-out is not queued again every minute.
    swept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["proposal_id", "id"],
                name="notif_event_pending_idx",
                condition=models.Q(fanout_done_at__isnull=True),
            ),
        ]
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")

    def __str__(self) -> str:
        return f"{self.name} #{self.pk}"


class Notification(models.Model):
    """One in-app notice for one person, written in their language when it happened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("event"), max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The time of the event, not of the fan-out, so lists read in the order things
    # happened however late a batch ran.
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    source = models.ForeignKey(
        NotificationEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A person gets each event once: a batch that runs twice writes nothing twice.
            models.UniqueConstraint(
                fields=["source", "recipient"], name="notif_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="notif_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["recipient", "-created_at"], name="notif_recipient_idx"
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text


class Channel(models.TextChoices):
    """Ways to reach a person. In-app is the Notification row itself; the others are Deliveries."""

    IN_APP = "in_app", _("On this site")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")


class Frequency(models.TextChoices):
    OFF = "off", _("Off")
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class NotificationPreference(models.Model):
    """One person's choice for one event group on one channel; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    group = models.CharField(_("group"), max_length=32)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group", "channel"], name="notif_pref_unique"
            )
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.group}/{self.channel}: {self.frequency}"


class Delivery(models.Model):
    """The outbox: one email or SMS owed to one person, written with the notification.

    `key` is unique, so however often a task runs for it, the message leaves once.
    `sending` is committed before the relay is contacted: a delivery found in it later
    lost its reply (or its worker) and may have been delivered, so it is sent again only
    after NOTIFICATIONS_RESEND_AFTER_SECONDS, with the same `message_id`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
    )
    key = models.CharField(_("key"), max_length=100, unique=True)
    channel = models.CharField(
        _("channel"),
        max_length=16,
        choices=[
            (Channel.EMAIL, Channel.EMAIL.label),
            (Channel.SMS, Channel.SMS.label),
        ],
    )
    group = models.CharField(_("group"), max_length=32)
    # immediate, or the digest that will carry it
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sending_started_at = models.DateTimeField(
        _("sending started"), null=True, blank=True
    )
    # The Message-ID header, fixed at the first attempt, so a resend is recognisable.
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # When the outbox sweep last queued it: a backlog is not queued again every minute.
    swept_at = models.DateTimeField(_("queued by the sweep"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the sweep and the digests read only pending rows
            models.Index(
                fields=["frequency", "created_at"],
                name="delivery_pending_idx",
                condition=models.Q(status="pending"),
            ),
            # the digest run walks the people with pending items in id order
            models.Index(
                fields=["frequency", "recipient"],
                name="delivery_digest_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "-created_at"], name="delivery_status_idx"),
            # the sweep looks for sends whose reply was lost
            models.Index(
                fields=["sending_started_at"],
                name="delivery_sending_idx",
                condition=models.Q(status="sending"),
            ),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_id} ({self.status})"
