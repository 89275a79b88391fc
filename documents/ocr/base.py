"""The one interface every OCR engine implements; nothing outside documents/ocr/ knows which engine ran."""

from dataclasses import dataclass, field
from typing import Literal, Protocol

from documents.errors import ApplicationError

Point = tuple[float, float]


@dataclass(frozen=True)
class Field:
    name: str  # canonical (DESIGN.md), or the raw key when the engine gave one we do not recognise
    raw_key: str
    raw_text: str
    value: str  # normalised
    confidence: float  # 0..1
    box: tuple[Point, ...]  # four points clockwise from top-left, in the reading's unit
    # The occurrence of an item printed more than once, in printed order. A certificate lists 1 to 7 business
    # categories: `business_type` and `business_item` with the same index are one pair, index 0 the main one.
    index: int = 0


@dataclass(frozen=True)
class Reading:
    fields: list[Field]
    resolution: Literal["normal", "low"]
    unit: Literal["pixel", "point"]
    file_type: str  # pdf | jpg | png
    raw: dict = field(default_factory=dict)

    def get(self, name: str) -> Field | None:
        """The field as the product keeps it: its main occurrence (`index` 0). A certificate whose main category's
        item went unread has no item here, not the next row's."""
        return next((f for f in self.fields if f.name == name and f.index == 0), None)


# The NHN service's own rule, which every engine follows: a certificate is "normal" at 1280x720 or more, a card at
# 760x480 (either orientation); below that the reading is "low" and a person looks at it.
RESOLUTION_THRESHOLDS = {"business_certificate": (1280, 720), "credit_card": (760, 480)}


def resolution_of(*, kind: str, size: tuple[int, int]) -> str:
    long_min, short_min = RESOLUTION_THRESHOLDS[str(kind)]
    return "normal" if max(size) >= long_min and min(size) >= short_min else "low"


# Failure codes every engine may give and the pages act on (the document page offers to change the kind).
WRONG_KIND = "wrong_kind"  # the file is the other kind of document
NOTHING_FOUND = "nothing_found"  # no document of this kind could be found in the file


class OcrError(ApplicationError):
    """An engine could not read a document. `code` and `message` are shown to the user."""

    code = ""  # the engine's name for the failure, when it has one
    retryable = False


class RetryableOcrError(OcrError):
    """Transient: the same call may succeed later (rate limit, the service's internal failure, network)."""

    retryable = True


class PermanentOcrError(OcrError):
    """This document will never be read this way (bad file, nothing found). Retrying costs money for nothing."""


class OcrConfigurationError(PermanentOcrError):
    """Our side is misconfigured (credentials, project, role). An operator must act; nothing is retried."""


class Engine(Protocol):
    name: str

    def read(self, *, kind: str, content: bytes, filename: str) -> Reading: ...
