"""What a failure says, and to whom.

Some failures only an operator can fix: the OCR service or the status provider refused our credentials, or its
address is wrong. Their stored message says what to check ("check the NHN OCR app key…"); that is for operators
(administrators, the staff banner, the admin, the logs). Everyone else who reads about the document or business
(its uploader, reviewers, the partner through the API and webhooks) learns only that the service is temporarily
unavailable: the detail means nothing to them and tells an outsider how the service is set up. The stored code
(OPERATOR_ONLY_PREFIX) decides; the audience is chosen where the failure is shown.

One language at a time: a failure is stored as its code and its message in the source language (English: the
pipeline runs with translation switched off, `stored_in_source_language`), and translated where it is shown
(`translated`), so the page, the API and the webhooks each speak their reader's language. Messages stored before
that, already in Korean, are shown as they are.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

OPERATOR_ONLY_PREFIX = "config:"  # code of a failure only an operator can fix (OCR and status-check credentials)
UNAVAILABLE_CODE = "temporarily_unavailable"


@dataclass(frozen=True)
class Failure:
    code: str
    message: str


def is_operator_only(error_code: str) -> bool:
    return error_code.startswith(OPERATOR_ONLY_PREFIX)


def unavailable_message() -> str:
    return _("The service is temporarily unavailable. Please try again later.")


def stored_in_source_language():
    """A context in which failure messages are made in the source language, to be stored (and translated on
    display): the document pipeline and its sweeps run in it."""
    return translation.override(None)


def translated(message: str) -> str:
    """A stored failure message in the active language. A fixed message is stored as its own msgid, so the
    catalogue finds it; one with the service's own words or numbers in it, or one stored in Korean before messages
    were stored in the source language, is shown as it was stored."""
    return _(message) if message else ""  # gettext("") would answer the catalogue's header


def failure_for(*, error_code: str, error_message: str, operator: bool) -> Failure | None:
    """The failure as this audience may read it; None when the document has not failed."""
    if not error_code and not error_message:
        return None
    if is_operator_only(error_code) and not operator:
        return Failure(code=UNAVAILABLE_CODE, message=unavailable_message())
    return Failure(code=error_code, message=translated(error_message))


def note_for(note: str, *, operator: bool) -> str:
    """A failure written as `<code>: <message>` (a status change's audit note, documents.services._fail; a
    business's last status-check error, registry.services._record) as this audience may read it."""
    if not operator and is_operator_only(note):
        return f"{UNAVAILABLE_CODE}: {unavailable_message()}"
    code, separator, message = note.partition(": ")
    return f"{code}: {translated(message)}" if separator else note
