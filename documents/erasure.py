"""Erasure: a document's file and personal data removed for good; the row stays as an audit stub, with a
DocumentErasure saying who erased it and when.

This app removes what is its own (the file, the readings, the values in the audit trail) and announces
`events.document_erased` in the same transaction; every other app removes what it keeps about the document in
its receiver, so nothing here reaches into another app's tables."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import events
from .audit import Action, record
from .errors import Conflict, Forbidden
from .kinds import Status
from .models import AuditEvent, Document, DocumentErasure
from .roles import user_is_admin


class ErasureRefused(Conflict):
    """The document cannot be erased now (it is still being read)."""


class ErasureForbidden(Forbidden):
    """The caller may see the document but erasing it is not theirs to do."""


def may_erase(*, document: Document, partner=None, user=None) -> bool:
    """Erasure is the owner's act: the partner that sent the document (with its key), or an administrator.
    Reviewers and uploaders see documents to work on them; removing one for good is not part of that work."""
    if partner is not None:
        return document.partner_id == partner.pk
    return user is not None and user_is_admin(user)


def document_erase(*, document: Document, partner=None, user=None) -> DocumentErasure:
    """Remove the file and every value read from it; keep the row (kind, status, dates) as an audit stub.
    `partner`: the API caller (None for a person signed in to the site). Raises ErasureForbidden or ErasureRefused."""
    if not may_erase(document=document, partner=partner, user=user):
        raise ErasureForbidden(_("Only the partner that sent this document, or an administrator, may erase it."))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status in (Status.RECEIVED, Status.PROCESSING):
            raise ErasureRefused(_("The document is still being read; delete it once it has finished."))
        file_name = document.file.name
        Document.objects.filter(pk=document.pk).update(
            file="", original_name="", sha256="", error_message="", updated_at=timezone.now()
        )
        if hasattr(document, "extraction"):
            document.extraction.delete()  # its fields (values, encrypted card number, boxes) go with it
        AuditEvent.objects.filter(document=document).exclude(field_name="").update(before=None, after=None)
        _forget_reason_details(document)
        erasure = DocumentErasure.objects.create(
            document=document, erased_at=timezone.now(), partner=partner, user=user
        )
        events.document_erased.send(sender=Document, document=document)
        erased = gettext_noop("File and personal data erased via the API")  # stored so, translated when shown
        record(document=document, action=Action.ERASED, actor=user, note=erased)
        if file_name:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(file_name))
    return erasure


def _forget_reason_details(document: Document) -> None:
    """Why a document went to review stays in its trail; what a reason quoted from it (another company's name on
    the same number, the tax office's answer) goes with the values."""
    for event in AuditEvent.objects.filter(document=document, action=Action.ROUTED_TO_REVIEW):
        reasons = (event.after or {}).get("reasons") or []
        kept = [{key: value for key, value in reason.items() if key != "detail"} for reason in reasons]
        if kept != reasons:
            AuditEvent.objects.filter(pk=event.pk).update(after={**event.after, "reasons": kept})
