"""The business registry: one row per registration number, its check history, and alerts on changes.

The tables keep the names they had when the registry lived in the documents app (registry/migrations/0001).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from documents.validation import formatted_registration_number


def lease_free(now) -> Q:
    """Rows no pass holds at `now` (a `Business` or a `PendingVerification`): never leased, or the lease ran out
    (its worker died or gave up)."""
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


class BusinessState(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")
    UNKNOWN = "unknown", _("Unknown")


class TaxType(models.TextChoices):
    NONE = "", _("Not known")
    GENERAL = "general", _("VAT general taxpayer")
    SIMPLIFIED = "simplified", _("VAT simplified taxpayer")
    EXEMPT = "exempt", _("VAT exempt")
    NON_PROFIT = "non_profit", _("Non-profit, organisation or state body")
    OTHER = "other", _("Other")


class Business(models.Model):
    """A registration number read off at least one approved certificate, and what the tax office last said."""

    number = models.CharField(_("registration number"), max_length=10, unique=True)
    name = models.CharField(_("company name"), max_length=200, blank=True)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    opening_date = models.CharField(_("opening date"), max_length=10, blank=True, help_text=_("YYYY-MM-DD"))
    state = models.CharField(
        _("state"), max_length=16, choices=BusinessState.choices, default=BusinessState.UNKNOWN, db_index=True
    )
    tax_type = models.CharField(_("tax type"), max_length=16, choices=TaxType.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=16, blank=True, help_text=_("who gave the last answer"))
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    next_check_at = models.DateTimeField(_("next check due"), null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, help_text=_("the dispatch that holds this business"))
    lease_until = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text=_("failed checks in a row"))
    last_error = models.TextField(blank=True)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="businesses")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "documents_business"
        ordering = ["number"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        indexes = [
            models.Index(fields=["next_check_at"], name="business_due_idx"),
            models.Index(fields=["lease_token"], name="business_lease_idx"),
            # the list's order; with the id a page's ids are read off the index alone (documents/paging.py)
            models.Index(fields=["-updated_at", "number"], include=["id"], name="business_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.formatted_number} {self.name}".strip()

    @property
    def formatted_number(self) -> str:
        return formatted_registration_number(self.number)

    @property
    def is_alarming(self) -> bool:
        return self.state in (BusinessState.SUSPENDED, BusinessState.CLOSED)


class BusinessCheck(models.Model):
    """One answer (or failure) of a status provider about one business: the timeline on the business page."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(db_index=True)
    provider = models.CharField(max_length=16)
    succeeded = models.BooleanField(default=True)
    code = models.CharField(max_length=32, blank=True, help_text=_("the provider's raw code"))
    message = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=BusinessState.choices, blank=True)
    tax_type = models.CharField(max_length=16, choices=TaxType.choices, blank=True)
    previous_state = models.CharField(max_length=16, choices=BusinessState.choices, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "documents_businesscheck"
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["business", "-checked_at"], name="business_check_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.business_id} {self.state or self.code} at {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def changed(self) -> bool:
        return self.succeeded and bool(self.previous_state) and self.previous_state != self.state


class BusinessAlert(models.Model):
    """A change into suspended or closed, or back to active, that staff should see."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="alerts")
    check_record = models.OneToOneField(BusinessCheck, on_delete=models.CASCADE, related_name="alert")
    previous_state = models.CharField(max_length=16, choices=BusinessState.choices)
    state = models.CharField(max_length=16, choices=BusinessState.choices)
    created_at = models.DateTimeField(db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "documents_businessalert"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.business_id}: {self.previous_state} -> {self.state}"


class SimulatedStatus(models.Model):
    """What the simulated provider answers for a number (set by an admin to try the whole path)."""

    number = models.CharField(_("registration number"), max_length=10, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=BusinessState.choices)
    authentic = models.BooleanField(
        _("authentic"), default=True, help_text=_("untick: the authenticity check says the certificate does not match")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "documents_simulatedstatus"
        verbose_name = _("simulated status")
        verbose_name_plural = _("simulated statuses")

    def __str__(self) -> str:
        return f"{self.number}: {self.state}"


class ProviderRateSlot(models.Model):
    """When the next call to one provider may start, shared by every worker (registry/providers/ratelimit.py)."""

    provider = models.CharField(max_length=16, unique=True)
    next_slot_at = models.FloatField(default=0.0, help_text=_("seconds since the epoch"))

    class Meta:
        db_table = "documents_providerrateslot"

    def __str__(self) -> str:
        return f"{self.provider}: next call at {self.next_slot_at:.3f}"


class AuthenticityAnswer(models.Model):
    """The tax office's answer to one authenticity question (number, opening date, representative, company name),
    kept so that the same question is never asked twice (registry/verification.py). The question is stored only as
    a hash: the representative's name is not kept here."""

    key = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the provider and the question"))
    provider = models.CharField(max_length=16)
    number = models.CharField(_("registration number"), max_length=10, db_index=True)
    with_name = models.BooleanField(default=False, help_text=_("the question included the company name"))
    matches = models.BooleanField()
    code = models.CharField(max_length=8, blank=True)
    message = models.TextField(blank=True)
    asked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("authenticity answer")
        verbose_name_plural = _("authenticity answers")

    def __str__(self) -> str:
        return f"{self.number}: {self.code} ({self.provider}, {self.asked_at:%Y-%m-%d})"


class PendingVerification(models.Model):
    """A read certificate waiting for the tax office before it is routed (registry/verification.py). Rows are
    leased to one pass at a time; a lease that ran out (a worker died) is taken by the next pass."""

    document = models.OneToOneField("documents.Document", on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(db_index=True)
    lease_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"document #{self.document_id} waiting for the tax office since {self.queued_at:%H:%M:%S}"
