"""The tax offices (세무서) that issue certificates: a closed list, like the tax types.

The office's name is printed big and bold at the foot of every certificate (`○○세무서장`), with the office's red seal
over its end, and in greyscale scans the seal stays as grey strokes over the last syllables. A reading of the name
is therefore often a syllable off (`해우대`, `세두서`). Read against the list, a name that is one of the offices is
kept, one a single syllable away from exactly one office is taken as that office (a person still confirms it,
confidence), and anything else is kept as read and never confident.

The list is the National Tax Service's offices under its seven regional offices (2024), older names included where
certificates still in use print them.
"""

from __future__ import annotations

from .near_names import letters_apart, nearest
from .tesseract import levenshtein

OFFICES = frozenset(f"{name}세무서" for name in (
    # Seoul
    "종로", "중부", "남대문", "용산", "성북", "서대문", "마포", "영등포", "강서", "양천", "구로", "금천", "동작",
    "관악", "삼성", "역삼", "강남", "서초", "반포", "송파", "잠실", "강동", "성동", "광진", "동대문", "중랑",
    "도봉", "노원", "강북", "은평",
    # Incheon
    "인천", "남인천", "서인천", "북인천", "계양", "연수", "부천", "김포", "파주", "고양", "동고양", "의정부",
    "남양주", "구리", "포천", "동두천",
    # Jungbu (Gyeonggi south, Gangwon)
    "수원", "동수원", "화성", "동화성", "평택", "안산", "시흥", "안양", "동안양", "성남", "분당", "용인", "기흥",
    "이천", "경기광주", "하남", "춘천", "원주", "강릉", "홍천", "속초", "삼척", "영월",
    # Daejeon (Chungcheong, Sejong)
    "대전", "북대전", "서대전", "천안", "아산", "공주", "논산", "보령", "서산", "예산", "홍성", "청주", "동청주",
    "서청주", "충주", "제천", "영동", "세종",
    # Gwangju (Jeolla, Jeju)
    "광주", "북광주", "서광주", "광산", "목포", "나주", "해남", "순천", "여수", "전주", "북전주", "익산", "군산",
    "정읍", "남원", "제주", "서귀포",
    # Daegu (Gyeongbuk)
    "동대구", "서대구", "남대구", "북대구", "수성", "경산", "포항", "경주", "안동", "영주", "상주", "구미", "김천",
    "영덕",
    # Busan (Gyeongnam, Ulsan)
    "중부산", "서부산", "북부산", "동래", "부산진", "수영", "해운대", "금정", "남부산", "부산강서", "울산",
    "동울산", "창원", "마산", "김해", "양산", "진주", "통영", "거창",
))


def known(office: str) -> bool:
    """Whether `office` (`강남세무서`) is one of the offices."""
    return office in OFFICES


def ends_another(office: str) -> bool:
    """Whether another office's name ends with this one's (`수원세무서` in `동수원세무서`, `대전` in `북대전`): a
    reading that lost the longer name's first syllable under a seal or a fold is this office, as sure as if it were
    read."""
    return bool(_longer_names(office))


def _longer_names(office: str) -> list[str]:
    """The other offices whose names end with `office`."""
    return [other for other in OFFICES if other != office and other.endswith(office)]


def snapped(office: str) -> str:
    """The office a reading names: itself when it is one; else the only office of its length one letter off (a
    vowel's stroke, `복대전`); else the longest office it ends with (`원본대조필분당세무서`:
    a stamp's words run into the name); else the only office whose name it ends (`등포세무서` -> `영등포세무서`: the
    first syllable lost under a fold or a speck; `초세무서` stays, 서초 or 속초); else the only office one syllable
    away (`해우대세무서` -> `해운대세무서`), or of several the one fewest letters off; else the reading as it is. Two
    offices equally near (`대문` for 남대문 or 동대문) leave it."""
    if office in OFFICES or not office.endswith("세무서") or len(office) < 4:
        return office
    alike = [name for name in OFFICES if len(name) == len(office) and letters_apart(name, office) == 1]
    if len(alike) == 1:
        return alike[0]  # `복대전세무서`: 북대전 by a vowel's stroke, not 대전 with a stamp's letter before it
    ending = next((office[i:] for i in range(1, len(office) - 4) if office[i:] in OFFICES), None)
    if ending is not None:
        return ending
    longer = _longer_names(office)
    if len(longer) == 1:
        return longer[0]
    near = [name for name in OFFICES if levenshtein(name, office) == 1]
    if len(near) == 1:
        return near[0]
    # several, each a syllable misread: the one fewest letters off (`밤대문세무서`: 남대문 by one letter, not 동대문);
    # a syllable lost is no letters near any (`대문세무서`: 남대문, 동대문, 서대문, or 대전 misread)
    return nearest(office, frozenset(near)) if all(len(n) == len(office) for n in near) else office
