"""Certificates that arrive on their side or upside down with no EXIF tag to say so: a scanner fed an A4 page
landscape, a sheet laid the wrong way round on the glass, a photo from an app that turns the pixels and drops the tag.

When the upright reading finds no certificate, the reader tries the quarter turns (`turns_to_try`) and keeps the
first in which one shows; `to_upload` maps its boxes back to the picture as uploaded. Tesseract's own orientation
detection (`--psm 0`) was tried first: on generated scans and photos it named the wrong turn for 4 of 6 sideways
pages (its Korean script model is weak), so reading the turned page itself decides."""

from __future__ import annotations

import numpy as np
from PIL import Image

Turn = Image.Transpose

DEGREES = {Turn.ROTATE_90: 90, Turn.ROTATE_180: 180, Turn.ROTATE_270: 270}  # counterclockwise, as PIL turns


def turns_to_try(size: tuple[int, int]) -> tuple[Turn, ...]:
    """The quarter turns, the likeliest first: the form is portrait, so a landscape picture lies on its side and a
    portrait one is upside down."""
    width, height = size
    if width > height:
        return (Turn.ROTATE_90, Turn.ROTATE_270, Turn.ROTATE_180)
    return (Turn.ROTATE_180, Turn.ROTATE_90, Turn.ROTATE_270)


def to_upload(turn: Turn | None, size: tuple[int, int]) -> np.ndarray:
    """3x3: a point of the picture turned by `turn` -> the same point of the picture as uploaded (`size`)."""
    width, height = size
    if turn is None:
        return np.eye(3)
    return {
        Turn.ROTATE_90: np.array([[0.0, -1.0, width], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
        Turn.ROTATE_180: np.array([[-1.0, 0.0, width], [0.0, -1.0, height], [0.0, 0.0, 1.0]]),
        Turn.ROTATE_270: np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, height], [0.0, 0.0, 1.0]]),
    }[turn]
