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

import functools
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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


# The pipeline's failure messages with values filled in (numbers, the service's own words): stored filled in, in
# the source language, and read back into template and values to be translated when shown. The same msgids as
# where they are raised (documents/ocr/nhn.py, ocr/local/tesseract.py, nhn_auth.py, services.py): one that drifts
# from its raise site is shown in English.
FILLED_IN = (
    gettext_noop("Processing was interrupted %(n)d times; press Retry to try again."),
    gettext_noop("The OCR service is unavailable (HTTP %(status)d); the document will be read later."),
    gettext_noop("The OCR service refused the request (HTTP %(status)d)."),
    gettext_noop(
        "The OCR service address answered HTTP %(status)d; an operator must check NHN_OCR_BASE_URL and the keys."
    ),
    gettext_noop("The OCR service failed (%(code)s: %(message)s); the document will be read later."),
    gettext_noop("The OCR service refused this file: %(message)s"),
    gettext_noop(
        "The OCR service refused our credentials (%(code)s: %(message)s). An operator must check the NHN OCR "
        "app key, secret key and project."
    ),
    gettext_noop(
        "The OCR service denied permission (%(code)s: %(message)s). An operator must give the User Access "
        "Key's account a role that may use Document OCR in this project."
    ),
    gettext_noop("The NHN OCR engine (API %(version)s) needs %(names)s; ask an operator to set them."),
    gettext_noop("The NHN token service is unavailable (HTTP %(status)d)."),
    gettext_noop(
        "The NHN token service refused our User Access Key (HTTP %(status)d). An operator must check "
        "NHN_USER_ACCESS_KEY_ID, NHN_SECRET_ACCESS_KEY and NHN_OAUTH_URL."
    ),
    gettext_noop("Tesseract has no data for %(langs)s. Install the Debian package %(package)s."),
)
_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


@functools.cache
def _filled_in_patterns() -> list[tuple[str, re.Pattern, dict[str, str]]]:
    patterns = []
    for template in FILLED_IN:
        parts = _PLACEHOLDER.split(template)  # text, name, conversion, text, name, conversion, ..., text
        regex, conversions = re.escape(parts[0]), {}
        for index in range(1, len(parts), 3):
            name, conversion, text = parts[index : index + 3]
            regex += f"(?P<{name}>-?[0-9]+)" if conversion == "d" else f"(?P<{name}>.*?)"
            regex += re.escape(text)
            conversions[name] = conversion
        patterns.append((template, re.compile(regex + r"\Z", re.S), conversions))
    return patterns


def translated(message: str) -> str:
    """A stored failure message in the active language: a fixed one is stored as its own msgid, so the catalogue
    finds it; a filled-in one (FILLED_IN) is read back into its template and values. One stored in Korean before
    messages were stored in the source language is shown as it was stored."""
    if not message:
        return ""  # gettext("") would answer the catalogue's header
    text = _(message)
    if text != message:
        return text
    for template, pattern, conversions in _filled_in_patterns():
        if match := pattern.match(message):
            values = {k: int(v) if conversions[k] == "d" else v for k, v in match.groupdict().items()}
            return _(template) % values
    return message


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
