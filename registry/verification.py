"""Asking the tax office about a certificate's reading before it is routed, and never asking the same thing twice.

Flow (documents/events.py):
* `document_read` -> `reading_check_start` (receivers.py). When the configured provider verifies readings (only
  `nts`: the simulated provider never claims to), the document is a certificate with a well-formed number, opening
  date and representative, and the office has not just failed to answer, the document waits in
  PendingVerification and, after commit, `tasks.verify_read_documents` runs. Otherwise `document_checked` is
  announced at once, with no verdict, in the same transaction: routing as before, never delayed.
* `readings_verify_pending` takes the waiting documents in leased passes of up to PASS_SIZE, so documents that
  queued up are asked about together:
  - /validate with each one's number, opening date, representative and company name: up to 100 questions per call,
    only questions never asked before (the answers are kept by question in AuthenticityAnswer; a mismatch only for
    VERIFY_MISMATCH_KEEP_HOURS, the office's records lagging behind new registrations). The office says
    only whether all the fields sent match, so a `02` to a question with the company name is asked again without
    it (the name may be printed differently from the office's records): a `01` then confirms the other three and
    the company name's own confidence decides; a `02` without the name is a mismatch.
  - /status, in the same pass, for the numbers whose reading matched (up to 100 per call).
  Then, per document and in its own transaction: the confirmed fields are marked verified (documents.services)
  and `document_checked` is announced with the Verdict; reviews routes on it.
* The office failing to answer (down, quota exhausted, refused) holds verification for VERIFY_HOLD_SECONDS: the
  documents of that pass, and every document read during the hold, are announced at once with no verdict.
* Beat runs the pass every minute as well, for documents whose queued task was lost (a broker outage, a worker
  that died: their lease runs out). A pass renews its lease once the office has answered, so a slow office does
  not hand the documents it is announcing to the next pass.
"""

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from documents import events, validation
from documents import services as document_services
from documents.kinds import Kind, Status
from documents.models import Document, Extraction
from documents.selectors import full_value

from .models import AuthenticityAnswer, PendingVerification, lease_free
from .providers import (
    Authenticity,
    CheckResult,
    Claim,
    StatusAnswer,
    StatusError,
    StatusProvider,
    get_status_provider,
)

logger = logging.getLogger(__name__)

CORE_FIELDS = events.TAX_OFFICE_FIELDS[:3]  # what every /validate question carries
NAME_FIELD = events.TAX_OFFICE_FIELDS[3]  # the company name, sent as `b_nm` when read
HOLD_KEY = "registry:verification-hold"
LEASE = dt.timedelta(minutes=2)  # a pass that died leaves its documents to the next pass after this
# Documents one pass takes: asked about in calls of 100, so the re-asked questions of a pass share calls too;
# announcing them takes well under the lease (about 60 ms each, bench/verify_before_routing.py).
PASS_SIZE = 500


# --- The question a certificate asks ---------------------------------------------------------------


def certificate_values(document: Document) -> dict[str, str]:
    """Field name -> the value reviews checked (the correction when there is one), of the main row only: a later
    business category row must not stand in for the main one."""
    extraction = getattr(document, "extraction", None)
    if extraction is None:
        return {}
    return {f.name: full_value(f).strip() for f in extraction.fields.all() if f.index == 0}


def claim_from_values(values: dict[str, str]) -> Claim | None:
    """The registry's claim: None without a 10-digit number."""
    number = "".join(ch for ch in values.get("registration_number", "") if ch.isdigit())
    if len(number) != 10:
        return None
    return Claim(
        number=number,
        opening_date=values.get("opening_date", ""),
        representative=values.get("representative", ""),
        name=values.get(NAME_FIELD, ""),
    )


def claim_from_document(*, document: Document) -> Claim | None:
    return claim_from_values(certificate_values(document))


def question_from_values(values: dict[str, str]) -> Claim | None:
    """A claim worth asking the office about: a number whose check digit holds, a date, a representative. Anything
    less goes to a person anyway, so it costs no call."""
    claim = claim_from_values(values)
    if claim is None or not validation.registration_number_is_valid(claim.number):
        return None
    if validation.parse_iso_date(claim.opening_date) is None or not claim.representative:
        return None
    return claim


# --- Answers, cached by question -----------------------------------------------------------------------


def _key(provider: str, claim: Claim) -> str:
    question = "\n".join((provider, claim.number, claim.opening_date, claim.representative, claim.name))
    return hashlib.sha256(question.encode()).hexdigest()


def answers_for(*, claims: Iterable[Claim], provider: StatusProvider) -> dict[Claim, Authenticity]:
    """The office's answer to each claim: kept answers first, the rest asked in calls of up to `batch_size`.
    A match (`01`) is kept for good; a mismatch (`02`) only for VERIFY_MISMATCH_KEEP_HOURS, since the office's
    records lag behind a new registration or a change of representative, and a reviewer approving the same values
    later must not be refused on a stale answer. Raises StatusError when a call fails (the answers of earlier calls
    are kept)."""
    keys = {claim: _key(provider.name, claim) for claim in dict.fromkeys(claims)}
    kept = {row.key: row for row in AuthenticityAnswer.objects.filter(key__in=list(keys.values()))}
    stale_before = timezone.now() - dt.timedelta(hours=float(settings.VERIFY_MISMATCH_KEEP_HOURS))
    answers: dict[Claim, Authenticity] = {}
    ask: list[Claim] = []
    for claim, key in keys.items():
        row = kept.get(key)
        if row is None or (not row.matches and row.asked_at < stale_before):
            ask.append(claim)
        else:
            answers[claim] = Authenticity(number=claim.number, matches=row.matches, code=row.code, message=row.message)
    for start in range(0, len(ask), provider.batch_size):
        got = provider.validate(claims=ask[start : start + provider.batch_size])
        now = timezone.now()
        AuthenticityAnswer.objects.bulk_create(
            [
                AuthenticityAnswer(
                    key=keys[claim], provider=provider.name, number=claim.number, with_name=bool(claim.name),
                    matches=answer.matches, code=answer.code[:8], message=answer.message, asked_at=now,
                )
                for claim, answer in got.items()
                if claim in keys and answer.code in ("01", "02")  # an answer the office may give again; not a glitch
            ],
            update_conflicts=True, unique_fields=["key"], update_fields=["matches", "code", "message", "asked_at"],
        )
        answers.update(got)
    return answers


@dataclass(frozen=True)
class Judgement:
    matches: bool  # number, opening date and representative match the office's records
    verified: tuple[str, ...]  # the fields the office confirmed
    answer: Authenticity  # the deciding answer
    disputed: tuple[str, ...] = ()  # the company name, when only it kept the office from confirming the claim


def claims_judge(*, claims: Sequence[Claim], provider: StatusProvider) -> dict[Claim, Judgement]:
    """What the office says about each claim (see the module's docstring). A claim the office left out of its
    answer has no judgement. Raises StatusError when it could not be asked."""
    answers = answers_for(claims=claims, provider=provider)
    without_name = {
        claim: replace(claim, name="") for claim in claims
        if claim.name and claim in answers and not answers[claim].matches
    }
    if without_name:
        answers.update(answers_for(claims=without_name.values(), provider=provider))
    judged: dict[Claim, Judgement] = {}
    for claim in claims:
        answer = answers.get(claim)
        if answer is None:
            continue
        if answer.matches:
            judged[claim] = Judgement(True, CORE_FIELDS + ((NAME_FIELD,) if claim.name else ()), answer)
            continue
        core = answers.get(without_name[claim]) if claim in without_name else answer
        if core is None:
            continue
        judged[claim] = Judgement(
            core.matches, CORE_FIELDS if core.matches else (), core,
            disputed=(NAME_FIELD,) if core.matches and claim in without_name else (),
        )
    return judged


def mismatch_detail(*, number: str, provider: str, answer: Authenticity) -> dict:
    """The review reason's detail when the office's records do not match (the same as the post-approval check's)."""
    return {"number": number, "provider": provider, "code": answer.code, "message": answer.message}


# --- Before the decision --------------------------------------------------------------------------------


def on_hold() -> bool:
    """The office failed to answer a moment ago: documents are routed without asking it, so none waits."""
    return bool(cache.get(HOLD_KEY))


def _hold(error: Exception) -> None:
    code = getattr(error, "code", "") or type(error).__name__
    logger.warning("the tax office did not answer (%s: %s); readings are routed unchecked for %s s",
                   code, getattr(error, "message", error), settings.VERIFY_HOLD_SECONDS)
    cache.set(HOLD_KEY, code, timeout=float(settings.VERIFY_HOLD_SECONDS))


def verifying_provider() -> StatusProvider | None:
    """The configured provider when it can confirm readings (nts), with the short timeout of this path; else None."""
    try:
        provider = get_status_provider(timeout=float(settings.NTS_VERIFY_TIMEOUT))
    except StatusError:  # not configured (no key): nothing to ask
        return None
    return provider if getattr(provider, "verifies_readings", False) else None


def reading_check_start(*, document: Document) -> bool:
    """On `document_read`, in the pipeline's transaction: queue the certificate for the office and answer True, or
    answer False when it cannot be asked (the caller announces `document_checked` with no verdict at once)."""
    if document.kind != Kind.BUSINESS_CERTIFICATE or on_hold() or verifying_provider() is None:
        return False
    if question_from_values(certificate_values(document)) is None:
        return False
    PendingVerification.objects.update_or_create(
        document=document, defaults={"queued_at": timezone.now(), "lease_token": "", "lease_until": None}
    )
    transaction.on_commit(_enqueue)
    return True


def _enqueue() -> None:
    from . import tasks

    try:
        tasks.verify_read_documents.delay()
    except Exception:  # the broker is down: the beat pass takes the document within a minute of its return
        logger.exception("could not queue the tax office check; the next scheduled pass does it")


def _lease(*, limit: int, now: dt.datetime) -> list[PendingVerification]:
    token = uuid.uuid4().hex
    free = lease_free(now)
    with transaction.atomic():
        candidates = PendingVerification.objects.filter(free).order_by("queued_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if ids:
            PendingVerification.objects.filter(free, pk__in=ids).update(lease_token=token, lease_until=now + LEASE)
    return list(PendingVerification.objects.filter(lease_token=token))


def _renew(rows: list[PendingVerification]) -> None:
    if rows:
        PendingVerification.objects.filter(lease_token=rows[0].lease_token).update(
            lease_until=timezone.now() + LEASE
        )


def readings_verify_pending(*, provider: StatusProvider | None = None, now: dt.datetime | None = None) -> int:
    """Ask the office about every waiting certificate, a batch at a time, and announce each one. Answers how many
    documents were announced."""
    done = 0
    while True:
        rows = _lease(limit=PASS_SIZE, now=now or timezone.now())
        if not rows:
            return done
        active = provider or verifying_provider()
        verdicts = _verdicts([row.document_id for row in rows], provider=active) if active and not on_hold() else {}
        _renew(rows)  # the office may have taken most of the lease; announcing the pass takes the rest
        for row in rows:
            verdict, status = verdicts.get(row.document_id, (None, None))
            done += _announce_safely(row, verdict, status=status, provider=active)


def _announce_safely(row: PendingVerification, verdict: events.Verdict | None, *, status: StatusAnswer | None,
                     provider: StatusProvider | None) -> int:
    """One document's failure does not hold up the others, nor itself: it is routed as if the office had not been
    asked (its row stays for the next pass only when even that fails)."""
    try:
        return _announce(row, verdict, status=status, provider=provider)
    except Exception:
        logger.exception("announcing the tax office's verdict on document %s failed; routing it unchecked",
                         row.document_id)
    try:
        return _announce(row, None)
    except Exception:
        logger.exception("routing document %s unchecked failed too; the next pass tries again", row.document_id)
        return 0


def _verdicts(document_ids: list[int], *,
              provider: StatusProvider) -> dict[int, tuple[events.Verdict, StatusAnswer | None]]:
    extractions = Extraction.objects.filter(document_id__in=document_ids).prefetch_related("fields")
    questions = {e.document_id: question_from_values(certificate_values(e.document)) for e in
                 extractions.select_related("document")}
    questions = {pk: claim for pk, claim in questions.items() if claim is not None}
    try:
        judged = claims_judge(claims=list(questions.values()), provider=provider)
    except Exception as error:  # a StatusError, or anything the provider's client raised: nobody waits for it
        _hold(error)
        return {}
    matched = sorted({claim.number for claim, judgement in judged.items() if judgement.matches})
    try:
        status = provider.check(numbers=matched) if matched else CheckResult()
    except Exception as error:  # the verdict goes without a state; the check after approval still learns it
        logger.warning("status of %d numbers before routing failed: %r", len(matched), error)
        status = CheckResult()
    now = timezone.now()
    verdicts: dict[int, tuple[events.Verdict, StatusAnswer | None]] = {}
    for document_id, claim in questions.items():
        judgement = judged.get(claim)
        if judgement is None:
            continue
        answer = status.answers.get(claim.number) if judgement.matches else None
        verdicts[document_id] = (events.Verdict(
            source=provider.name,
            checked_at=now,
            verified=judgement.verified,
            disputed=judgement.disputed,
            mismatch=None if judgement.matches else mismatch_detail(
                number=claim.number, provider=provider.name, answer=judgement.answer),
            business_state=answer.state if answer else "",
            closed_on=answer.closed_on.isoformat() if answer and answer.closed_on else "",
        ), answer)
    return verdicts


def _announce(row: PendingVerification, verdict: events.Verdict | None, *, status: StatusAnswer | None = None,
              provider: StatusProvider | None = None) -> int:
    """One document's end of the wait, in its own transaction: verified fields marked, `document_checked` sent."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=row.document_id).first()
        taken = PendingVerification.objects.filter(pk=row.pk, lease_token=row.lease_token).delete()[0]
        if not taken or document is None:
            return 0  # another pass finished it after our lease ran out
        if document.status != Status.PROCESSING or not Extraction.objects.filter(document=document).exists():
            return 0  # read again as another kind, or erased, while it waited
        if verdict is not None and verdict.verified:
            document_services.fields_mark_verified(
                document=document, names=verdict.verified, by=verdict.source, at=verdict.checked_at
            )
        events.document_checked.send(sender=Document, document=document, verdict=verdict)
        if status is not None and provider is not None:  # approved into the registry just now: no second call
            from .services import business_status_learnt

            business_status_learnt(document=document, answer=status, provider=provider)
    return 1


# --- When a reviewer approves -------------------------------------------------------------------------------


def values_judge(*, values: dict[str, str]) -> events.Verdict | None:
    """A reviewer is about to approve a certificate with `values`: what the office says about them, or None when
    it cannot be asked (then the approval proceeds and the check after approval remains). Cached answers first."""
    claim = question_from_values(values)
    provider = verifying_provider() if claim is not None and not on_hold() else None
    if provider is None:
        return None
    try:
        judgement = claims_judge(claims=[claim], provider=provider).get(claim)
    except Exception as error:  # never a 500 at the reviewer's Approve: the check after approval remains
        _hold(error)
        return None
    if judgement is None:
        return None
    return events.Verdict(
        source=provider.name, checked_at=timezone.now(), verified=judgement.verified,
        mismatch=None if judgement.matches else mismatch_detail(
            number=claim.number, provider=provider.name, answer=judgement.answer),
    )
