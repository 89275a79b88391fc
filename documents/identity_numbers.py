"""Resident registration numbers (주민등록번호): older certificates print the owner's whole number. Only the birth
date it holds is a field we keep; the rest is nobody's business here, so no stored reading keeps it either.

A certificate's raw reading (every OCR line, or the NHN service's key/value list) is stored for reviewers and
debugging; before it is, any number shaped like `YYMMDD-Gxxxxxx` that stands next to the word 주민 (the label) is
cut to `YYMMDD-G******`. A corporate registration number has the same shape and stays whole: it is printed next
to 법인, is public, and is a field of its own.
"""

import re

_RESIDENT_NUMBER = re.compile(r"(?<!\d)(\d{6}\s*-?\s*\d)\s*\d{6}(?!\d)")
_LABEL = "주민"


def mask_in_raw(raw):
    """A copy of a certificate's raw reading with the resident number's last six digits starred."""
    if isinstance(raw, dict):
        labelled = any(isinstance(value, str) and _LABEL in value for value in raw.values())
        return {key: _masked(value) if labelled and isinstance(value, str) else mask_in_raw(value)
                for key, value in raw.items()}
    if isinstance(raw, list):
        return [mask_in_raw(value) for value in raw]
    if isinstance(raw, str) and _LABEL in raw:
        return _masked(raw)
    return raw


def _masked(text: str) -> str:
    return _RESIDENT_NUMBER.sub(lambda match: match.group(1) + "******", text)
