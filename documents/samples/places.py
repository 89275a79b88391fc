"""Every district of the country with its own dongs, where a held-out set's businesses are.

Sets in the tuning faces use the few places of `data.PLACES`, the ones the team has looked at. Sets in the held-out
faces have businesses from anywhere, as real certificates do: every district of today's list with its dongs (the
national list, documents/ocr/local/legal_dongs.tsv), on roads named after a dong as many are (`서교로`,
`도룡대로`), so a dong or district nobody tuned on is read too.
"""

from __future__ import annotations

import functools
import re

from documents.ocr.local import districts, legal_dongs

Place = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # (province, district, roads, dongs), as data.PLACES


@functools.cache
def everywhere() -> tuple[Place, ...]:
    places = []
    for (province, district, town), names in sorted(legal_dongs.listed().items()):
        # a district of today's list (not an old one), and its dongs by their legal names (`서교동`, not `망원1동`)
        if town or not district or not all(w in districts.DISTRICTS for w in district.split()):
            continue
        dongs = tuple(sorted(n for n in names if re.fullmatch(r"[가-힣]{1,4}동", n)))
        if dongs:
            roads = tuple(f"{dong[:-1]}{suffix}" for dong in dongs for suffix in ("로", "대로"))
            places.append((legal_dongs.TODAY[province], district, roads, dongs))
    return tuple(places)
