"""The last few results of work the card reader may be asked for again within one card, keyed by an image's pixels.

A card's reader looks at the same crop more than once (an expiry checked after the page pass and again after the
re-read, a card's number rows for its slope and for its strips): what was found is kept rather than found again.
Kept results are shared, so they are never changed by whoever gets them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from PIL import Image

T = TypeVar("T")


def image_key(image: Image.Image) -> tuple:
    """What tells an image's pixels from any other's: a digest of them, the size and the mode."""
    return hashlib.blake2b(image.tobytes(), digest_size=16).digest(), image.size, image.mode


class Recent(Generic[T]):
    """Up to `size` results, the least recently kept dropped first; safe to share between threads."""

    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            return self._kept.get(key)

    def keep(self, key: Hashable, value: T) -> None:
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
