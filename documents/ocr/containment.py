"""Nothing but `OcrError` leaves an engine: an unexpected exception becomes a permanent error the user can read.

A bug in an engine (an index out of range on a layout nobody planned for, a malformed answer from the service)
must end the document as "failed, with a reason", never as a crashed task that leaves it spinning. The traceback
is logged for the developers, but only the exception's type and the code locations: an exception's message can
quote the data it choked on, and on a card that data is the card number.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from .base import OcrError, PermanentOcrError

logger = logging.getLogger(__name__)

ENGINE_ERROR = "engine_error"


def engine_error() -> PermanentOcrError:
    return PermanentOcrError(
        _(
            "The document could not be read because of an error in the OCR engine. It has been logged for the "
            "developers; try again later or with another photo or scan of the document."
        ),
        code=ENGINE_ERROR,
    )


def where(error: BaseException) -> str:
    """The exception's type and the frames it passed through, without its message (or any chained one's)."""
    frames = traceback.extract_tb(error.__traceback__)
    path = " <- ".join(f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in reversed(frames))
    return f"{type(error).__module__}.{type(error).__qualname__} at {path or 'an unknown place'}"


@contextmanager
def contained(*, engine: str, kind: str) -> Iterator[None]:
    """Let `OcrError` through; turn anything else (not KeyboardInterrupt or SystemExit) into `engine_error`."""
    try:
        yield
    except OcrError:
        raise
    except Exception as error:
        logger.error("OCR engine %s failed on a %s: %s", engine, kind, where(error))
        raise engine_error() from None
