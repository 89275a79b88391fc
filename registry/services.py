"""The business registry: services that register numbers, check them on a schedule, and alert on changes.

Flow:
* `business_register_from_document` (on `documents.events.document_decided`, receivers.py) upserts the Business,
  links the document, makes it due now and, after commit, queues `tasks.verify_document`: the authenticity check
  (providers that have one) and an immediate status check.
* `businesses_dispatch` (Celery beat, every minute) claims due businesses in batches with a lease token -- a
  conditional UPDATE, with FOR UPDATE SKIP LOCKED on PostgreSQL -- so concurrent dispatchers never hand out the
  same business twice, and queues one `tasks.check_businesses` per provider batch (100 numbers).
* `businesses_check` calls the provider once per batch (rate limited across workers, registry/providers/ratelimit.py),
  writes one BusinessCheck per business, moves each business's next due time by its state's cadence with jitter
  (or by an exponential backoff after a failure), and raises alerts, in bulk.
* A change into suspended or closed, or back to active, makes a BusinessAlert; after commit one e-mail goes to
  the ADMINS for the batch, and `documents.events.business_status_changed` is announced (partners send the
  webhook `business.status_changed`).
"""

import datetime as dt
import logging
import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import mail_admins
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from documents import events
from documents.failures import OPERATOR_ONLY_PREFIX
from documents.kinds import Kind, Status
from documents.models import Document

from . import verification
from .models import Business, BusinessAlert, BusinessCheck, BusinessState, SimulatedStatus, lease_free
from .providers import (
    Claim,
    RetryableStatusError,
    StatusConfigurationError,
    StatusError,
    StatusProvider,
    get_status_provider,
)
from .providers.base import CheckResult, StatusAnswer

logger = logging.getLogger(__name__)

ALARMING = (BusinessState.SUSPENDED, BusinessState.CLOSED)
_rng = random.SystemRandom()


# --- Cadence ---------------------------------------------------------------------------------------


def cadence(state: str) -> dt.timedelta:
    """How long until a business in `state` is checked again (settings STATUS_CHECK_DAYS_*)."""
    days = {
        BusinessState.ACTIVE: settings.STATUS_CHECK_DAYS_ACTIVE,
        BusinessState.SUSPENDED: settings.STATUS_CHECK_DAYS_SUSPENDED,
        BusinessState.CLOSED: settings.STATUS_CHECK_DAYS_CLOSED,
    }.get(state, settings.STATUS_CHECK_DAYS_UNKNOWN)
    return dt.timedelta(days=float(days))


def next_check_at(*, state: str, now: dt.datetime, rng: random.Random | None = None) -> dt.datetime:
    """The next due time: the state's cadence, spread by +-STATUS_CHECK_JITTER of it so that numbers approved
    together do not fall due together again."""
    interval = cadence(state)
    spread = float(settings.STATUS_CHECK_JITTER)
    factor = 1 + (rng or _rng).uniform(-spread, spread)
    return now + interval * factor


def retry_delay(*, failures: int, rng: random.Random | None = None) -> dt.timedelta:
    """Backoff after `failures` failed checks in a row: base * 2^(n-1), capped, with jitter in its upper half."""
    base, cap = float(settings.STATUS_RETRY_BASE_SECONDS), float(settings.STATUS_RETRY_MAX_SECONDS)
    seconds = min(cap, base * 2 ** max(failures - 1, 0))
    return dt.timedelta(seconds=seconds * (rng or _rng).uniform(0.5, 1.0))


def is_alert_worthy(*, previous: str, state: str) -> bool:
    if previous == state or not state:
        return False
    return state in ALARMING or (state == BusinessState.ACTIVE and previous in ALARMING)


# --- Registration on approval ------------------------------------------------------------------------


def business_register_from_document(*, document: Document, now: dt.datetime | None = None) -> Business | None:
    """Put the approved certificate's number in the registry (one row per number), link the document, and
    after commit verify it with the tax office and check its status. None when the document carries no number."""
    if document.kind != Kind.BUSINESS_CERTIFICATE:
        return None
    claim = verification.claim_from_document(document=document)
    if claim is None:
        return None
    now = now or timezone.now()
    business = _business_upsert(claim=claim, now=now)
    business.documents.add(document)
    document_id = document.pk

    def queue() -> None:
        from . import tasks

        tasks.verify_document.delay(document_id)

    transaction.on_commit(queue)
    return business


def _business_upsert(*, claim: Claim, now: dt.datetime) -> Business:
    latest = {"name": claim.name, "representative": claim.representative, "opening_date": claim.opening_date}
    latest = {k: v for k, v in latest.items() if v}
    for _attempt in range(3):
        business = Business.objects.filter(number=claim.number).first()
        if business is not None:
            changed = {k: v for k, v in latest.items() if getattr(business, k) != v}
            if changed:
                Business.objects.filter(pk=business.pk).update(**changed, updated_at=now)
                for k, v in changed.items():
                    setattr(business, k, v)
            return business
        try:
            with transaction.atomic():
                return Business.objects.create(number=claim.number, next_check_at=now, **latest)
        except IntegrityError:  # registered by someone else at the same moment
            continue
    return Business.objects.get(number=claim.number)


def document_verify(*, document_id: int, provider: StatusProvider | None = None) -> None:
    """The authenticity check of one approved certificate, then an immediate status check of its business."""
    document = Document.objects.filter(pk=document_id).select_related("extraction").first()
    if document is None:
        return
    claim = verification.claim_from_document(document=document)
    if claim is None:
        return
    provider = provider or get_status_provider()
    if provider.supports_authenticity and document.status == Status.APPROVED and claim.opening_date:
        try:
            # the answers are kept by question: a certificate checked before its routing costs no second call
            judgement = verification.claims_judge(claims=[claim], provider=provider).get(claim)
        except StatusError as error:
            logger.warning("authenticity check of document %s failed: %s %s", document_id, error.code, error.message)
            judgement = None
        if judgement is not None and not judgement.matches:
            document_send_back_to_review(document=document, detail=verification.mismatch_detail(
                number=claim.number, provider=provider.name, answer=judgement.answer))
    business = Business.objects.filter(number=claim.number).first()
    if business is not None and not _status_learnt_with_verification(business=business, document=document):
        business_check_now(business=business, provider=provider, inline=True)


def _status_learnt_with_verification(*, business: Business, document: Document) -> bool:
    """The pass that verified this document before its routing also asked the business's status and recorded it
    (business_status_learnt): a second call a moment later would learn nothing."""
    verified_at = (
        document.extraction.fields.filter(name="registration_number", index=0, verified_at__isnull=False)
        .values_list("verified_at", flat=True).first()
    )
    return bool(verified_at and business.checked_at and business.checked_at >= verified_at)


def business_status_learnt(*, document: Document, answer: StatusAnswer, provider: StatusProvider) -> None:
    """A status answer asked while `document` was verified before its routing, recorded on the business when the
    document was approved into the registry in that same transaction (then no second call follows the approval)."""
    now = timezone.now()
    business = Business.objects.filter(lease_free(now), number=answer.number, documents=document).first()
    if business is not None:
        _record(businesses=[business], result=CheckResult(answers={answer.number: answer}), provider=provider,
                rng=_rng)


def document_send_back_to_review(*, document: Document, detail: dict) -> None:
    """The tax office says the certificate does not match its records (`detail`: verification.mismatch_detail): a
    suspected forgery or misreading. The document is unlinked from the business and announced as disputed: the review
    workflow puts it back in the queue with that reason, in this transaction."""
    with transaction.atomic():
        for business in Business.objects.filter(number=detail["number"]):
            business.documents.remove(document)
        events.document_disputed.send(
            sender=Document, document=document, code=events.REGISTRY_MISMATCH, detail=detail,
            note=gettext_noop(  # stored as written here, translated when shown (documents.audit.note_text)
                "The tax office's records do not match this certificate (suspected forgery or misreading)."
            ),
        )


# --- Dispatching -------------------------------------------------------------------------------------


def _due(now: dt.datetime) -> Q:
    return Q(next_check_at__lte=now) & lease_free(now)


def businesses_claim(*, limit: int, now: dt.datetime | None = None,
                     token: str | None = None) -> tuple[str, list[int]]:
    """Lease up to `limit` due businesses (oldest due first) to one token. Two dispatchers never get the same one:
    on PostgreSQL the candidates are locked with SKIP LOCKED, and everywhere the lease is a conditional UPDATE.

    Leased rows stop being due until the lease ends (then a lost batch is picked up again by itself), so the next
    claim's index scan does not wade through rows already handed out."""
    now = now or timezone.now()
    token = token or uuid.uuid4().hex
    until = now + dt.timedelta(seconds=settings.STATUS_CHECK_LEASE_SECONDS)
    if connection.vendor == "postgresql":
        return token, _claim_postgresql(limit=limit, now=now, token=token, until=until)
    with transaction.atomic():
        candidates = Business.objects.filter(_due(now)).order_by("next_check_at")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        taken = Business.objects.filter(_due(now), pk__in=ids).update(
            lease_token=token, lease_until=until, next_check_at=until
        )
    if taken != len(ids):  # someone else leased some of them between our read and our write
        ids = list(Business.objects.filter(lease_token=token).values_list("pk", flat=True))
    return token, ids


def _claim_postgresql(*, limit: int, now: dt.datetime, token: str, until: dt.datetime) -> list[int]:
    """The claim as one statement: the due rows are picked, locked (skipping rows another dispatcher holds) and
    leased together, and only their ids come back: no list of ids travels to the server and back again."""
    table = connection.ops.quote_name(Business._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET lease_token = %s, lease_until = %s, next_check_at = %s "
            f"WHERE id IN (SELECT id FROM {table} WHERE next_check_at <= %s "
            f"AND (lease_until IS NULL OR lease_until < %s) ORDER BY next_check_at LIMIT %s FOR UPDATE SKIP LOCKED) "
            f"RETURNING id",
            [token, until, until, now, now, limit],
        )
        return sorted(row[0] for row in cursor.fetchall())


@dataclass
class DispatchReport:
    claimed: int = 0
    batches: int = 0


def _enqueue(token: str, ids: list[int]) -> None:
    from . import tasks

    tasks.check_businesses.delay(ids, token)


def businesses_dispatch(
    *,
    now: dt.datetime | None = None,
    provider: StatusProvider | None = None,
    limit: int | None = None,
    enqueue: Callable[[str, list[int]], None] | None = None,
) -> DispatchReport:
    """Hand every due business (up to STATUS_DISPATCH_MAX) to the workers, one task per provider batch."""
    now = now or timezone.now()
    batch_size = (provider or get_status_provider()).batch_size
    claim_size = max(batch_size, int(settings.STATUS_DISPATCH_BATCH))
    limit = int(settings.STATUS_DISPATCH_MAX) if limit is None else limit
    enqueue = enqueue or _enqueue
    report = DispatchReport()
    while report.claimed < limit:
        token, ids = businesses_claim(limit=min(claim_size, limit - report.claimed), now=now)
        if not ids:
            break
        report.claimed += len(ids)
        for start in range(0, len(ids), batch_size):
            # One token per claim: a batch's task checks only the businesses still leased to it.
            enqueue(token, ids[start : start + batch_size])
            report.batches += 1
    return report


# --- Checking ----------------------------------------------------------------------------------------


@dataclass
class CheckReport:
    checked: int = 0
    failed: int = 0
    alerts: list[int] = field(default_factory=list)


_UPDATED_FIELDS = [
    "state", "tax_type", "closed_on", "provider", "checked_at", "next_check_at", "failures", "last_error",
    "lease_token", "lease_until", "updated_at",
]


# What a check reads, and what it writes back unchanged after a failure; never the name, addresses or last error.
_CHECK_FIELDS = ["id", "number", "state", "failures", "tax_type", "closed_on", "provider", "checked_at"]


def businesses_check(
    *,
    business_ids: Sequence[int],
    token: str,
    provider: StatusProvider | None = None,
    rng: random.Random | None = None,
) -> CheckReport:
    """Check the businesses still leased to `token`: one provider batch, then everything written in bulk."""
    provider = provider or get_status_provider()
    # Only what a check reads and writes: the rest of the row (name, address, ...) is never loaded here.
    businesses = list(Business.objects.filter(pk__in=list(business_ids), lease_token=token).only(*_CHECK_FIELDS))
    if not businesses:
        return CheckReport()
    numbers = [b.number for b in businesses]
    try:
        result = provider.check(numbers=numbers)
    except StatusError as error:  # configuration problems included: visible on every business it concerns
        logger.warning("status check of %d businesses failed: %s %s", len(numbers), error.code, error.message)
        result = CheckResult(failures=dict.fromkeys(numbers, error))
    return _record(businesses=businesses, result=result, provider=provider, rng=rng or _rng)


def _failure_code(error: StatusError) -> str:
    """A credentials or address problem is marked operator-only: only operators read its detail (failures.py)."""
    return OPERATOR_ONLY_PREFIX + error.code if isinstance(error, StatusConfigurationError) else error.code


def _record(*, businesses: list[Business], result: CheckResult, provider: StatusProvider,
            rng: random.Random) -> CheckReport:
    now = timezone.now()
    report = CheckReport()
    checks: list[BusinessCheck] = []
    for business in businesses:
        answer = result.answers.get(business.number)
        previous = business.state
        if answer is not None:
            checks.append(BusinessCheck(
                business=business, checked_at=now, provider=provider.name, succeeded=True, code=answer.code[:32],
                message=answer.message, state=answer.state, tax_type=answer.tax_type, previous_state=previous,
                raw=answer.raw,
            ))
            business.state, business.tax_type = answer.state, answer.tax_type
            business.closed_on = answer.closed_on
            business.provider, business.checked_at = provider.name, now
            business.failures, business.last_error = 0, ""
            business.next_check_at = next_check_at(state=answer.state, now=now, rng=rng)
            report.checked += 1
        else:
            error = result.failures.get(business.number) or RetryableStatusError(_("No answer."), code="no_answer")
            code = _failure_code(error)
            checks.append(BusinessCheck(
                business=business, checked_at=now, provider=provider.name, succeeded=False, code=code[:32],
                message=error.message, previous_state=previous, raw={},
            ))
            business.failures += 1
            business.last_error = f"{code}: {error.message}" if code else error.message
            business.next_check_at = now + retry_delay(failures=business.failures, rng=rng)
            report.failed += 1
        business.lease_token, business.lease_until, business.updated_at = "", None, now
    alerted = [c for c in checks if c.succeeded and is_alert_worthy(previous=c.previous_state, state=c.state)]
    with transaction.atomic():
        BusinessCheck.objects.bulk_create(checks)
        _bulk_save(businesses, _UPDATED_FIELDS)
        if alerted:
            # The listeners (webhooks) read whole businesses: those few are loaded whole, in one query.
            whole = Business.objects.in_bulk([c.business_id for c in alerted])
            alerts = [
                BusinessAlert(business=whole[c.business_id], check_record=c, previous_state=c.previous_state,
                              state=c.state, created_at=now)
                for c in alerted
            ]
            BusinessAlert.objects.bulk_create(alerts)
            _announce(alerts)
            alert_ids = [a.pk for a in alerts]
            transaction.on_commit(lambda: alerts_mail(alert_ids=alert_ids))
            report.alerts = alert_ids
    return report


def _bulk_save(businesses: list[Business], names: list[str]) -> None:
    """Write these columns of every business in ONE statement.

    PostgreSQL: an UPDATE joined to `unnest()` of one array parameter per column, so the statement has a dozen
    parameters whatever the batch size (a VALUES list of 100 rows x 12 columns had 1,200, and building it was most
    of a check's time). SQLite (3.33+): an UPDATE joined to a VALUES list. Django's bulk_update (a CASE WHEN per row
    and column, ~1 ms of Python per cell) only elsewhere."""
    if connection.vendor not in ("postgresql", "sqlite"):
        Business.objects.bulk_update(businesses, names)
        return
    meta = Business._meta
    fields = [meta.pk] + [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), [quote(f.column) for f in fields]
    assignments = ", ".join(f"{c} = v.{c}" for c in columns[1:])
    column_list = ", ".join(columns)
    if connection.vendor == "postgresql":
        # The element types without their length (varchar(16)[] would truncate silently, varchar[] does not).
        types = [(f.rel_db_type(connection) if f.primary_key else f.db_type(connection)).split("(")[0]
                 for f in fields]
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        # psycopg adapts these columns' Python values as they are (str, int, date, aware datetime, None).
        params = [[getattr(b, f.attname) for b in businesses] for f in fields]
        sql = (f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({column_list}) "
               f"WHERE {table}.{columns[0]} = v.{columns[0]}")
    else:
        placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        params = [f.get_db_prep_save(getattr(b, f.attname), connection) for b in businesses for f in fields]
        values = ", ".join([placeholder] * len(businesses))
        sql = (f"WITH v({column_list}) AS (VALUES {values}) "
               f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{columns[0]} = v.{columns[0]}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _announce(alerts: Iterable[BusinessAlert]) -> None:
    """Partners tell their webhooks (documents/events.py), in this transaction."""
    events.business_status_changed.send(sender=Business, changes=[
        (alert.business, {"previous_state": alert.previous_state, "checked_at": alert.created_at.isoformat()})
        for alert in alerts
    ])


def business_check_now(*, business: Business, provider: StatusProvider | None = None, inline: bool = False,
                       now: dt.datetime | None = None, not_within: dt.timedelta | None = None) -> bool:
    """A fresh check of one business now ("check now", right after approval, the API's POST .../check).
    False when a check of it is already under way, or (`not_within`) it was checked more recently than that.
    `inline`: check in this process instead of queueing a task."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    lease = dt.timedelta(seconds=settings.STATUS_CHECK_LEASE_SECONDS)
    free = lease_free(now)
    if not_within is not None:
        free &= Q(checked_at__isnull=True) | Q(checked_at__lt=now - not_within)
    taken = Business.objects.filter(free, pk=business.pk).update(lease_token=token, lease_until=now + lease)
    if not taken:
        return False
    if inline:
        businesses_check(business_ids=[business.pk], token=token, provider=provider)
    else:
        transaction.on_commit(lambda: _enqueue(token, [business.pk]))
    return True


# --- Alerts --------------------------------------------------------------------------------------------


def alerts_mail(*, alert_ids: Sequence[int]) -> None:
    """One e-mail to the ADMINS listing the changes of one batch."""
    alerts = list(BusinessAlert.objects.filter(pk__in=alert_ids).select_related("business").order_by("id"))
    if not alerts:
        return
    lines = [
        _("%(number)s %(name)s: %(previous)s -> %(state)s") % {
            "number": a.business.formatted_number, "name": a.business.name,
            "previous": BusinessState(a.previous_state).label if a.previous_state else "-",
            "state": BusinessState(a.state).label,
        }
        for a in alerts
    ]
    subject = _("Business status changed: %(count)d business(es)") % {"count": len(alerts)}
    try:
        mail_admins(subject, "\n".join(lines))
    except Exception:  # the alerts are stored and shown on the page; a mail server outage must not undo them
        logger.exception("could not send the business status alert e-mail")


def alert_acknowledge(*, alert: BusinessAlert, user) -> None:
    BusinessAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )


def simulated_status_set(*, number: str, state: str, authentic: bool | None = None) -> SimulatedStatus:
    """What the simulated provider answers for `number` from now on (for trying the whole path).
    `authentic=None` keeps what was set before (authentic for a number never set)."""
    if state not in BusinessState.values:
        raise ValueError(f"unknown state {state!r}")
    defaults = {"state": state} if authentic is None else {"state": state, "authentic": authentic}
    row, _created = SimulatedStatus.objects.update_or_create(number=number, defaults=defaults)
    return row
