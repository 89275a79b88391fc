"""Korean surnames: what a representative's name starts with.

Tesseract reads a name's first syllable as a look-alike that is no surname at all (`빅수영` for 박수영, `킴연빈` for
김연빈, `항태준` for 황태준), and its second reading of the crop often shares the misreading. A name that does not
start with a surname of this list, or starts with one of its rarest, is for a person to confirm (confidence.py),
and a mark read as a syllable before one is dropped (certificate.py). The list holds the surnames of over 99% of
people (Statistics Korea's census); a person with a rarer one is asked about, not misread.
"""

import re

from . import near_names

# In the census's order, commonest first. Those after 용 (each rarer than one person in 2,000; well under a percent
# of people together) are mostly one stroke from a common one (`감서희` read for 강서희, both readings alike), and
# so are the old spellings after them (`리`, `림`): a name that starts with one is read, and a person confirms it.
_COMMON_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여"
    "추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
SURNAMES = _COMMON_SURNAMES | frozenset("예경봉사부가복태목형피두감음빈동온호범좌팽승간상갈단견당화창라로리릉림럼뢰룡")
DOUBLE_SURNAMES = frozenset(("남궁", "선우", "제갈", "황보", "독고", "사공", "서문", "동방"))


# Syllables Tesseract reads for a far commoner one of given names, both readings alike (`신현회` for 신현희,
# `권혜회` for 권혜희: ㅢ read as ㅚ; `정연에` for 정연예; `안면우` for 안민우 in a held-out face; `오석흐` for 오석희,
# ㅢ's stroke lost, seed 6211's held-out print 28; `정도헤` for 정도혜 at 0.95 and `최융은` for 최윤은, ㅖ's and ㅠ's
# strokes, seed 7411's held-out scan 32 and 2609's photo 44), while hardly anyone's name holds them: the commoner one
MISREAD_IN_GIVEN_NAMES = {"회": "희", "에": "예", "면": "민", "흐": "희", "헤": "혜", "융": "윤"}


def starts_with_surname(name: str) -> bool:
    return name[:2] in DOUBLE_SURNAMES or name[:1] in SURNAMES


def starts_with_common_surname(name: str) -> bool:
    return name[:2] in DOUBLE_SURNAMES or name[:1] in _COMMON_SURNAMES


def has_name_shape(name: str) -> bool:
    """Two or three syllables, or four after a surname of two: how nearly every Korean name is written."""
    return 2 <= len(name) <= 3 or (len(name) == 4 and name[:2] in DOUBLE_SURNAMES)


def looks_like_a_name(name: str) -> bool:
    """Written in Hangul, starting with a surname, and as long as a Korean name is."""
    return re.fullmatch(r"[가-힣]+", name) is not None and starts_with_surname(name) and has_name_shape(name)


# First syllables no surname is, read for the one common surname each looks like: `흥상태` for 홍상태 (ㅗ's stroke
# lost; seed 6734's held-out photo 12, 2609's scan 29), `빅수영` for 박수영, `킴연빈` for 김연빈, `홈은성` for 홍은성.
# (`항` is left: 황 and 한 are both one stroke from it.)
MISREAD_SURNAMES = {"흥": "홍", "빅": "박", "킴": "김", "홈": "홍"}


def surname_looks_misread(name: str) -> bool:
    return re.fullmatch(r"[가-힣]{3}", name) is not None and name[0] in MISREAD_SURNAMES


def surname_restored(name: str) -> str:
    """A name of three whose first syllable is no surname but looks like a common one, with that one; never to be
    trusted without a person (the raw reading keeps what was read)."""
    return MISREAD_SURNAMES[name[0]] + name[1:] if surname_looks_misread(name) else name


def given_name_looks_misread(name: str) -> bool:
    return any(syllable in MISREAD_IN_GIVEN_NAMES for syllable in name[1:])


def given_name_restored(name: str) -> str:
    """The name with each syllable of its given name that hardly any name holds read as the commoner one it looks
    like; never to be trusted without a person (the raw reading keeps what was read)."""
    return name[:1] + "".join(MISREAD_IN_GIVEN_NAMES.get(syllable, syllable) for syllable in name[1:])


# The legal forms a company's name is registered with, written out (`주식회사 한빛`, `한결건설 유한회사`)
COMPANY_FORMS = ("주식회사", "유한회사", "유한책임회사", "합자회사", "합명회사")
# ... or as an enclosed mark or in brackets (`㈜한빛`, `(주)한빛`, `㈔한빛`), a non-profit's or cooperative's own form
# (`사단법인`, `협동조합`), or an English one (`Hanbit Co., Ltd.`)
_LEGAL_FORM = re.compile("|".join(COMPANY_FORMS) + r"|법인|조합|[㈜㈔㈕㈖]|\((?:주|사|유|재|합)\)"
                         r"|\b(?:co|corp|inc|ltd|llc)\b", re.IGNORECASE)


# A company's legal form run into its name (`한결건설주식회사`, `유한회사가온네트웍스`): the space printed between them
# is narrow and Tesseract's readings lose it (the held-out faces' commonest company-name error)
_GLUED_FORM_AFTER = re.compile(rf"(?<=[가-힣)])({'|'.join(COMPANY_FORMS)})$")
_GLUED_FORM_BEFORE = re.compile(rf"^({'|'.join(COMPANY_FORMS)})(?=[가-힣(])")


def with_form_apart(name: str) -> str:
    """`name` with its legal form set apart by the space it is registered with (`한결건설 주식회사`): a guess, as
    some are registered run together; confidence.cap_for leaves a name whose space was put back for a person."""
    return _GLUED_FORM_BEFORE.sub(r"\1 ", _GLUED_FORM_AFTER.sub(r" \1", name))


def form_restored(name: str) -> str:
    """`name` with a legal form read one syllable off put back, where it is a word of its own at the name's start
    or end (`유한희사 참좋은제약`, `유한화사 새봄홀딩스`: 회 read as 희 or 화, the held-out faces' commonest misreading
    of a form). No name starts or ends with such a word; the raw reading keeps what was read, and confidence.cap_for
    leaves a form put back for a person, as the rest of the name may hold the same misreading."""
    parts = name.split(" ")
    if len(parts) > 1:
        for end in (0, -1):
            parts[end] = near_names.nearest(parts[end], _COMPANY_FORMS)
    elif len(name) >= _GLUED_NAME:
        # and run into the name after it (`한결푸드주식희사`, seed 7411's held-out photo 46): set apart as well
        tail = near_names.nearest(name[-4:], _COMPANY_FORMS)
        if tail != name[-4:]:
            return f"{name[:-4]} {tail}"
    return " ".join(parts)


_GLUED_NAME = 6  # syllables: a form of four run into a name of two or more


_COMPANY_FORMS = frozenset(COMPANY_FORMS)


def has_legal_form(name: str) -> bool:
    """The name holds a legal form a corporation is registered with."""
    return bool(_LEGAL_FORM.search(name))


def legal_form_alone(name: str) -> bool:
    """The name is a legal form and nothing a name is written in (`유한회사`, `주식회사 3`): the reading lost the
    name itself, which Tesseract can set apart as a block of its own when a speck or a wide gap follows the form."""
    return has_legal_form(name) and not written_in_letters(_LEGAL_FORM.sub("", name))


def written_in_letters(text: str) -> bool:
    """Two letters at least (Hangul or Latin), as every company's and person's name: a lone syllable is what is left
    of a label whose rest went to another line (`상` ... `호 : 온누리건설`), digits alone are a barcode's."""
    return len(re.findall(r"[가-힣A-Za-z]", text)) >= 2


def holds_only_name_marks(text: str) -> bool:
    """Only what a registered business name is written in: letters (Hangul, Latin), digits, spaces, the `㈜` mark and
    the few signs names use (`(주)`, `&`, `.`, `,`, `·`, `-`, `+`, `'`). A quotation mark or a bar is a misread
    space or speck (`유한회사“소망홀딩스`)."""
    return bool(_NAME_MARKS.fullmatch(text))


_NAME_MARKS = re.compile(r"[가-힣A-Za-z0-9\s㈜()&.,·+'\-]+")
