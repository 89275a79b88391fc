"""Everything that changes partners, keys, webhook endpoints and idempotency records, and the API's card reveal."""

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import cards
from documents.audit import Action, record
from documents.errors import Conflict, InvalidInput
from documents.models import Document
from registry import services as registry
from registry.models import Business

from . import selectors, webhooks
from .models import ApiKey, IdempotencyRecord, Partner, WebhookDelivery, WebhookEndpoint

KEY_PREFIX_LENGTH = 8


def hash_key(raw_key: str) -> str:
    """Keys carry 256 bits of randomness, so a plain sha256 is enough (no password stretching needed)."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


# --- Partners and keys --------------------------------------------------------------------


def partner_create(*, name: str, contact_email: str = "") -> Partner:
    return Partner.objects.create(name=name, contact_email=contact_email)


def api_key_create(*, partner: Partner, name: str = "") -> tuple[ApiKey, str]:
    """A new key for the partner. Returns the record and the key itself, which is not stored and cannot be shown
    again."""
    prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
    raw_key = f"ik_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(partner=partner, name=name, prefix=f"ik_{prefix}", hashed_key=hash_key(raw_key))
    return api_key, raw_key


def api_key_revoke(*, api_key: ApiKey) -> None:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """The active key this is, or None. Marks it used (at most once a minute, to spare the database)."""
    api_key = ApiKey.objects.select_related("partner").filter(hashed_key=hash_key(raw_key)).first()
    if api_key is None or api_key.revoked_at is not None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key


# --- Webhook endpoints ----------------------------------------------------------------------


class WebhookUrlRefused(InvalidInput):
    """The URL is not https, or points into a private network."""

    field = "url"


def webhook_endpoint_create(*, partner: Partner, url: str, events: list[str]) -> WebhookEndpoint:
    """Raises WebhookUrlRefused for a URL that is not https or points into a private network (webhooks.url_refusal)."""
    refusal = webhooks.url_refusal(url)
    if refusal:
        raise WebhookUrlRefused(refusal)
    return WebhookEndpoint.objects.create(
        partner=partner, url=url, events=sorted(set(events)), secret=f"whsec_{secrets.token_hex(24)}"
    )


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


def webhook_endpoint_enable(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    endpoint.is_active, endpoint.consecutive_failures = True, 0
    endpoint.disabled_at, endpoint.disabled_reason = None, ""
    endpoint.save(update_fields=["is_active", "consecutive_failures", "disabled_at", "disabled_reason"])
    return endpoint


# --- Uploads with an Idempotency-Key ----------------------------------------------------------


class IdempotencyConflict(Conflict):
    """The key was used before for a different request."""

    code = "idempotency_key_reused"


@dataclass(frozen=True)
class Replay:
    status: int
    body: dict


def upload_fingerprint(*, kind: str, upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return hashlib.sha256(json.dumps({"kind": kind, "file": digest.hexdigest()}).encode()).hexdigest()


def idempotent_call(*, scope: str, key: str, fingerprint: str, run) -> tuple[int, dict, bool]:
    """Run `run()` (which returns status, body and the document it made, if any) once per (scope, key).

    Returns (status, body, replayed). A key seen before with the same fingerprint returns the stored answer
    without running anything; with another fingerprint it raises IdempotencyConflict. The record is written in
    the same transaction as the work, so a concurrent retry waits for the first and then replays it."""
    existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
    if existing is None:
        try:
            with transaction.atomic():
                status, body, document = run()
                IdempotencyRecord.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint, response_status=status, response_body=body,
                    document=document,
                )
                return status, body, False
        except IntegrityError:  # a concurrent request with the same key committed first
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                raise
    if existing.fingerprint != fingerprint:
        raise IdempotencyConflict(
            _("This Idempotency-Key was already used for a different request; use a new key for a new upload.")
        )
    return existing.response_status, existing.response_body, True


IDEMPOTENCY_RECORD_LIFETIME = dt.timedelta(hours=24)


def idempotency_records_purge(*, now: dt.datetime | None = None,
                              older_than: dt.timedelta = IDEMPOTENCY_RECORD_LIFETIME) -> int:
    """Forget the answers to Idempotency-Keys older than `older_than` (a day: partners retry within minutes, not
    days). A key used again after that is a new request. Returns how many records went."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _per_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- Businesses -------------------------------------------------------------------------------

CHECK_NOT_WITHIN = dt.timedelta(seconds=60)


class CheckRefused(Conflict):
    """`code`: checked_recently or check_in_progress; `retry_after`: seconds until asking again makes sense."""

    def __init__(self, message: str, *, code: str, retry_after: int):
        super().__init__(message, code=code, details={"retry_after_seconds": retry_after})
        self.retry_after = retry_after


def document_forget(*, document: Document) -> None:
    """What the partner API kept about an erased document: the first answer an idempotent upload replays (its file
    name and digest) and the webhook payloads (its business categories, its failure) shrink to the document's id,
    kind and status, so a retried request or a late delivery still says which document it was, and nothing more."""
    stub = {"id": document.pk, "kind": document.kind, "status": document.status, "erased": True,
            "url": f"/api/v1/documents/{document.pk}/"}
    IdempotencyRecord.objects.filter(document=document).update(response_body=stub)
    for delivery in WebhookDelivery.objects.filter(payload__data__document__id=document.pk):
        delivery.payload = {**delivery.payload, "data": {**delivery.payload["data"], "document": stub}}
        delivery.save(update_fields=["payload"])


def business_check(*, business: Business, now: dt.datetime | None = None) -> Business:
    """A fresh status check of `business`, made now in this process; returns the business as it stands after.
    Raises CheckRefused when it was checked less than CHECK_NOT_WITHIN ago or a check of it is under way."""
    now = now or timezone.now()
    if registry.business_check_now(business=business, inline=True, now=now, not_within=CHECK_NOT_WITHIN):
        return Business.objects.get(pk=business.pk)
    business.refresh_from_db(fields=["checked_at"])
    since = now - business.checked_at if business.checked_at else None
    if since is not None and since < CHECK_NOT_WITHIN:
        wait, code = CHECK_NOT_WITHIN - since, "checked_recently"
        message = _(
            "This business was checked less than %(seconds)d seconds ago; its state is current. Try again later."
        ) % {"seconds": CHECK_NOT_WITHIN.total_seconds()}
    else:  # another check (the schedule's, or someone's "check now") holds it
        wait, code = CHECK_NOT_WITHIN, "check_in_progress"
        message = _("A check of this business is already under way. Try again in a minute.")
    raise CheckRefused(message, code=code, retry_after=max(1, int(wait.total_seconds() + 0.999)))


# --- Card numbers ------------------------------------------------------------------------------


def card_numbers_reveal(*, document: Document, partner: Partner) -> dict[int, str]:
    """The full card numbers of the owning partner's document, by field id, while retention allows; each reveal is
    audited."""
    revealed = {}
    for field in selectors.card_number_fields(document):
        full = cards.retained_number(field)
        if full:
            revealed[field.pk] = full
            record(document=document, action=Action.CARD_NUMBER_REVEALED, field_name=field.name,
                   note=f"partner {partner.name} (API)")
    return revealed
