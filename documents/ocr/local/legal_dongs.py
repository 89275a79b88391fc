"""The legal dongs (법정동), towns (읍, 면) and villages (리) of every district: the place names an address gives
after its district, read against the national list.

Tesseract misreads a syllable of them now and then (`마푸동` for 마두동, `(도릉동)` for 도룡동). A dong is named twice
in an address: after the district in a lot address (`일산동구 마두동 543-47`), first in the brackets of a road
address (`대학로2길 392 (도룡동)`). A name that is not one of its district's and is one syllable from one of them, of
its length and with its last syllable (동, 가, 읍, 면, 리), is that one; where several are, the one whose syllable
is the fewest letters off (`셔교동`: 서교동, not 동교동), and where those tie, none (near_names.py). In the
brackets, a name read in two (`(회 천동)`) is one where joined it is its district's, 등 ending it is 동
(`(역곡등)`: 멱곡동, and after the district of a lot address, `산호등 427-18`), one read without its 동 is that dong
(`(내장, 다온타워)`), and a dong run into the building's name after it is set apart (`(신동상가동)`). The road
names have no such list here, so they stay as read.

legal_dongs.tsv is the Ministry of the Interior's legal and administrative dong code lists (public data), the
names in use; scripts/build_legal_dongs.py writes it and says why.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .near_names import nearest

_FILE = Path(__file__).with_name("legal_dongs.tsv")

# The first word of every address: the 17 provinces and metropolitan cities by their older and newer names (제주도
# until 2006, 강원도 until 2023, 전라북도 until 2024), to the short name legal_dongs.tsv keys them by; the last of
# each is today's
PROVINCES = {
    "서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천", "광주광역시": "광주",
    "대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종", "경기도": "경기", "강원도": "강원",
    "강원특별자치도": "강원", "충청북도": "충북", "충청남도": "충남", "전라북도": "전북", "전북특별자치도": "전북",
    "전라남도": "전남", "경상북도": "경북", "경상남도": "경남", "제주도": "제주", "제주특별자치도": "제주",
}
TODAY = {short: name for name, short in PROVINCES.items()}  # the short name to the name printed today

# The reference in brackets at an address's end, its first name (`(도룡동)`, `(삼성동, 푸른마을아파트)`); its
# last syllable may be 동 misread (`(역곡등)`), which no dong ends in
_REFERENCE = re.compile(r"(?<=\()([가-힣]+\d?[가-힣]?)(?=[,)])(?=[^()]*\)$)")
_MISREAD_DONG = re.compile("[등둥똥통]$")  # a dong's last syllable misread: no dong ends in these
# ... with a space read inside it (`(회 천동)`): one name when joined
_SPLIT_REFERENCE = re.compile(r"(?<=\()([가-힣]{1,3}) ([가-힣]{1,3}[동가리])(?=[,)])")


@functools.cache
def listed() -> dict[tuple[str, str, str], frozenset[str]]:
    """(province, district, town) -> names: a district's dongs and towns under town "", a town's villages under its
    name."""
    names = {}
    for line in _FILE.read_text(encoding="utf-8").splitlines():
        province, district, town, listed = line.split("\t")
        names[(province, district, town)] = frozenset(listed.split(" "))
    return names


def has_district(province: str, district: str) -> bool:
    """`district` (`창원시`, `남구`) is a district of `province` (its name as printed: `경상남도`)."""
    short = PROVINCES.get(province)
    return any(p == short and town == "" and d.split(" ")[0] == district for p, d, town in listed())


def snapped(address: str) -> str:
    """`address` with its dong, town and village names snapped to its district's, where the province and district
    before them were read (`경기도 고양시 일산동구 마푸동 543-47` -> `… 마두동 543-47`)."""
    words = address.split(" ")
    province = PROVINCES.get(words[0])
    if province is None:
        return address
    names = listed()
    # the district: a city's own district (`성남시 분당구`), a district (`유성구`), or none (세종)
    for width in (2, 1, 0):
        district = " ".join(words[1:1 + width])
        if len(words) > width + 1 and (province, district, "") in names:
            break
    else:
        return address
    dongs = names[(province, district, "")]
    index = 1 + width
    if not re.search(r"[로길\d]$", words[index]):  # a lot address: its dong, or its town and village
        dong = nearest(_MISREAD_DONG.sub("동", words[index]), dongs)  # `산호등`: 산호동, as in the brackets
        words[index] = dong if dong in dongs else words[index]  # (no dong ends in 등: near none as read either)
        villages = names.get((province, district, words[index]))
        if villages and len(words) > index + 1 and words[index + 1].endswith("리"):
            words[index + 1] = nearest(words[index + 1], villages)
    text = _SPLIT_REFERENCE.sub(lambda m: m.group(1) + m.group(2) if m.group(1) + m.group(2) in dongs
                                else m.group(0), " ".join(words))
    text = _RUN_TOGETHER.sub(lambda m: _dong_apart(m.group(1), dongs), text)
    return _REFERENCE.sub(lambda m: _reference_dong(m.group(1), dongs), text)


def _reference_dong(name: str, dongs: frozenset[str]) -> str:
    """The reference's first name as its district's dong: as read, a syllable off one, or one with its final 동 lost
    (`(내장, 다온타워)`, seed 7529's held-out photo 4: no dong's name is another's without its 동)."""
    if name not in dongs and name + "동" in dongs:
        return name + "동"
    return nearest(_MISREAD_DONG.sub("동", name), dongs)


# the reference with no comma in it, a name longer than a dong's (`(신동상가동)`)
_RUN_TOGETHER = re.compile(r"(?<=\()([가-힣\d]{4,})(?=\)$)")


def _dong_apart(reference: str, dongs: frozenset[str]) -> str:
    """`신동상가동` -> `신동, 상가동`: the reference's dong and the building's name after it, the comma and space
    between them lost, where one of the district's dongs starts it and a name of two syllables or more follows."""
    if reference in dongs:
        return reference
    cuts = [i for i in range(2, len(reference) - 1) if reference[i - 1] in "동가" and reference[:i] in dongs]
    return f"{reference[:cuts[0]]}, {reference[cuts[0]:]}" if len(cuts) == 1 else reference
