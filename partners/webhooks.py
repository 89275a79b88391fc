"""Signed webhooks to partners.

Other parts of the product call ONE function when something a partner cares about happens:

    from partners import webhooks
    webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document)
    webhooks.emit(event=webhooks.BUSINESS_STATUS_CHANGED, business=business, data={"previous_state": "active"})

`emit` records one delivery per enabled endpoint of the owning partner(s) in the caller's transaction and queues
them once it commits. A Celery task POSTs each one, signed, and retries with backoff for about a day.

Signature: header `X-Intake-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. A receiver
recomputes it over the raw body with its endpoint's secret, compares in constant time, and refuses a `t` more
than a few minutes old (a replay).
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from documents.failures import failure_for
from documents.selectors import business_categories, document_business_categories
from registry.models import Business

from .language import API_DEFAULT_LANGUAGE as WEBHOOK_LANGUAGE
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

DOCUMENT_APPROVED = "document.approved"
DOCUMENT_REJECTED = "document.rejected"
DOCUMENT_FAILED = "document.failed"
DOCUMENT_REOPENED = "document.reopened"  # a decided document is back with a reviewer: its decision no longer stands
BUSINESS_STATUS_CHANGED = "business.status_changed"
EVENTS = (DOCUMENT_APPROVED, DOCUMENT_REJECTED, DOCUMENT_FAILED, DOCUMENT_REOPENED, BUSINESS_STATUS_CHANGED)

SIGNATURE_HEADER = "X-Intake-Signature"
# Retry delays, the failures that disable an endpoint, the timeout and private URLs: WEBHOOK_* in config/settings.py.


def _address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope (fe80::1%eth0) is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global is False for loopback, private, link-local (169.254/16: cloud metadata), shared (100.64/10),
    # documentation and reserved ranges; multicast is refused too.
    return ip.is_global and not ip.is_multicast


def url_refusal(url: str) -> str | None:
    """Why we will not POST to `url` (a message for the partner), or None when it is fine.

    Only https, and only hosts that resolve to public addresses: a webhook must not make our servers call
    into our own network (loopback, private, link-local such as the cloud metadata service). A host that does
    not resolve (yet) is let through here; every delivery checks again before it connects.
    WEBHOOK_ALLOW_PRIVATE_URLS lifts both rules (development and tests with a receiver on loopback)."""
    if settings.WEBHOOK_ALLOW_PRIVATE_URLS:
        return None
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or 443
    except ValueError:
        return _("This is not a valid URL.")
    if parts.scheme.lower() != "https":
        return _("Webhook URLs must use https.")
    if not host:
        return _("This is not a valid URL.")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError, OSError):
        return None
    for address in sorted(addresses):
        if not _address_is_public(address):
            return _(
                "Webhook URLs must point to a public address: %(host)s resolves to %(address)s, which is a "
                "loopback, private or link-local address."
            ) % {"host": host, "address": address}
    return None


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(*, secret: str, header: str, body: bytes, tolerance: float = 300, now: float | None = None) -> bool:
    """What a receiver does (also usable by partners writing Python): True when the signature is ours and fresh."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


# --- Emitting ---------------------------------------------------------------------------------


def public_failure(document) -> dict | None:
    """A failed document's error as partners read it (API and webhooks): never an operator-only detail."""
    failure = failure_for(error_code=document.error_code, error_message=document.error_message, operator=False)
    return {"code": failure.code, "message": failure.message} if failure and document.error_code else None


def business_categories_data(document, *, fields=None) -> list[dict]:
    """A document's business categories as the API and the webhooks show them (after reviewers' corrections);
    `fields`: the document's fields when already read (the API's), else they are read from the document."""
    categories = (
        document_business_categories(document=document) if fields is None else business_categories(fields=fields)
    )
    return [{"type": c.type, "item": c.item, "main": c.main} for c in categories]


def _document_data(document) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "status": document.status,
        "error": public_failure(document),
        "business_categories": business_categories_data(document),
        "url": f"/api/v1/documents/{document.pk}/",
    }


def _business_data(business) -> dict:
    return {
        "number": business.number,
        "name": business.name,
        "state": business.state,
        "tax_type": business.tax_type,
        "closed_on": business.closed_on.isoformat() if business.closed_on else None,
        "checked_at": business.checked_at.isoformat() if business.checked_at else None,
    }


def _partner_ids_by_business(business_ids: Iterable[int]) -> dict[int, set[int]]:
    """business id -> ids of the partners that have a (not erased) certificate of it on file, in ONE query."""
    links = (
        Business.documents.through.objects.filter(
            business_id__in=list(business_ids), document__partner__isnull=False, document__erasure__isnull=True
        )
        .values_list("business_id", "document__partner_id")
        .distinct()
    )
    partners: dict[int, set[int]] = {}
    for business_id, partner_id in links:
        partners.setdefault(business_id, set()).add(partner_id)
    return partners


def emit(*, event: str, document=None, business=None, data: dict | None = None) -> list[WebhookDelivery]:
    """Record `event` for every enabled endpoint of the partner(s) concerned, and send it after commit.

    `document`: for document.* events (the document's partner gets it; a document from the web form has none).
    `business`: for business.status_changed (every partner with a certificate of that business gets it); for many
    businesses at once (a batch of status checks) call `emit_for_businesses`, which costs the same few queries.
    `data`: extra fields merged into the payload's `data`. Returns the deliveries made (empty: nobody listens)."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    if document is None and business is not None:
        return emit_for_businesses(event=event, changes=[(business, data or {})])
    if document is None or not document.partner_id:
        return []
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(partner_id=document.partner_id, is_active=True) if e.wants(event)
    ]
    if not endpoints:  # nobody listens: the payload (and the query for its categories) is not needed
        return []
    with translation.override(WEBHOOK_LANGUAGE):  # no Accept-Language to go by: the API's default
        document_data = _document_data(document)
    return _record(event=event, items=[(endpoints, {"document": document_data, **(data or {})})])


def emit_for_businesses(*, event: str, changes: Sequence[tuple[object, dict]]) -> list[WebhookDelivery]:
    """`emit(event=..., business=b, data=d)` for every (b, d) in `changes`, in three queries whatever their number:
    one for the partners holding each business, one for their endpoints, one insert."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    if not changes:
        return []
    partners = _partner_ids_by_business(business.pk for business, _data in changes)
    wanted = set().union(*partners.values()) if partners else set()
    if not wanted:
        return []
    endpoints_of: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(partner_id__in=wanted, is_active=True):
        endpoints_of.setdefault(endpoint.partner_id, []).append(endpoint)
    items = []
    for business, data in changes:
        endpoints = [e for pid in sorted(partners.get(business.pk, ())) for e in endpoints_of.get(pid, [])]
        items.append((endpoints, {"business": _business_data(business), **(data or {})}))
    return _record(event=event, items=items)


def _record(*, event: str, items: Iterable[tuple[Iterable[WebhookEndpoint], dict]]) -> list[WebhookDelivery]:
    """One delivery per (endpoint that wants `event`, payload data), written in the caller's transaction and
    queued once it commits."""
    now = timezone.now()
    deliveries = []
    for endpoints, payload_data in items:
        for endpoint in endpoints:
            if not endpoint.wants(event):
                continue
            delivery = WebhookDelivery(endpoint=endpoint, event=event, next_attempt_at=now, payload={})
            delivery.payload = {
                "id": str(delivery.event_id),
                "type": event,
                "created_at": now.isoformat(),
                "data": payload_data,
            }
            deliveries.append(delivery)
    if not deliveries:
        return []
    WebhookDelivery.objects.bulk_create(deliveries)  # sets the ids (PostgreSQL, SQLite >= 3.35 return them)
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    return deliveries


def _enqueue(delivery_id: int, *, countdown: float = 0) -> None:
    from . import tasks

    try:
        tasks.deliver_webhook.apply_async((delivery_id,), countdown=countdown)
    except Exception:  # the broker is down: the periodic sweep sends what is due
        logger.exception("Could not queue webhook delivery %s; the sweep will send it", delivery_id)


# --- Delivering ------------------------------------------------------------------------------


def _claim(delivery_id: int, now: dt.datetime) -> WebhookDelivery | None:
    """Take a due delivery for one attempt; None when it is not due, finished, or another worker has it."""
    lease = now + dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT + 30)
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint", "endpoint__partner")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = lease  # a crashed attempt is picked up again by the sweep after the lease
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def delivery_attempt(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookAttempt | None:
    """POST one due delivery once, log the attempt, and schedule the next one or give up."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(state=WebhookDelivery.State.FAILED, next_attempt_at=None)
        return None
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "intake-webhooks/1",
        SIGNATURE_HEADER: sign(secret=endpoint.secret, timestamp=timestamp, body=body),
        "X-Intake-Event": delivery.event,
        "X-Intake-Delivery": str(delivery.event_id),
    }
    status, excerpt, error = None, "", ""
    started = time.monotonic()
    refusal = url_refusal(endpoint.url)  # again at every attempt: where a name points can change after creation
    if refusal:
        error = refusal[:500]
    else:
        try:
            response = requests.post(
                endpoint.url, data=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT, allow_redirects=False
            )
            status, excerpt = response.status_code, response.text[:500]
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
    succeeded = status is not None and 200 <= status < 300
    attempt = WebhookAttempt.objects.create(
        delivery=delivery, number=delivery.attempts, attempted_at=timezone.now(), response_status=status,
        response_excerpt=excerpt, error=error, duration_ms=int((time.monotonic() - started) * 1000),
        succeeded=succeeded,
    )
    if succeeded:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDelivery.State.SUCCEEDED, delivered_at=attempt.attempted_at, next_attempt_at=None
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return attempt
    logger.warning(
        "Webhook delivery %s to endpoint %s failed (attempt %d): %s", delivery.pk, endpoint.pk, delivery.attempts,
        status or error,
    )
    _after_failure(delivery, endpoint)
    return attempt


def _after_failure(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    endpoint.refresh_from_db(fields=["consecutive_failures", "is_active"])
    delays = settings.WEBHOOK_RETRY_DELAYS  # before attempt 2, 3, ...; then the delivery is given up
    if endpoint.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES and endpoint.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(state=WebhookDelivery.State.FAILED, next_attempt_at=None)
        endpoint_disable(endpoint=endpoint)
    elif delivery.attempts > len(delays):  # the retry window is over
        WebhookDelivery.objects.filter(pk=delivery.pk).update(state=WebhookDelivery.State.FAILED, next_attempt_at=None)
    else:
        delay = delays[delivery.attempts - 1]
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=timezone.now() + dt.timedelta(seconds=delay)
        )
        _enqueue(delivery.pk, countdown=delay)


def endpoint_disable(*, endpoint: WebhookEndpoint) -> None:
    """Stop sending to an endpoint that keeps failing, drop what was waiting for it, and tell the partner."""
    reason = _("Disabled after %(n)d failed deliveries in a row.") % {"n": endpoint.consecutive_failures}
    updated = WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=timezone.now(), disabled_reason=reason
    )
    if not updated:
        return
    WebhookDelivery.objects.filter(endpoint=endpoint, state=WebhookDelivery.State.PENDING).update(
        state=WebhookDelivery.State.FAILED, next_attempt_at=None
    )
    logger.warning("Webhook endpoint %s of partner %s disabled: %s", endpoint.pk, endpoint.partner_id, reason)
    partner = endpoint.partner
    if partner.contact_email:
        try:
            send_mail(
                subject=_("Your webhook endpoint was disabled"),
                message=_(
                    "We stopped sending events to %(url)s: %(reason)s\n\n"
                    "Fix the receiver, then enable it again with POST /api/v1/webhooks/%(id)d/enable/."
                ) % {"url": endpoint.url, "reason": reason, "id": endpoint.pk},
                from_email=None,
                recipient_list=[partner.contact_email],
            )
        except Exception:  # the mail server being down must not break the worker; the API still shows it
            logger.exception("Could not e-mail partner %s about disabled endpoint %s", partner.pk, endpoint.pk)


def deliveries_send_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Queue deliveries that are due but whose message was lost (broker restart, worker crash)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now - dt.timedelta(seconds=30)
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _enqueue(pk)
    return len(due)
