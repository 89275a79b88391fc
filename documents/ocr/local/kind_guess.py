"""Is this the kind of document the user said it is? Judged from what the engine already read.

People upload a card as a certificate, a certificate as a card, a receipt, a blank page or a photo of their desk.
Each must end with a message that says what happened, not with an empty reading (or a crash). The judgement is
deliberately conservative for the kind the user chose: a poor photo of a certificate, with one readable label,
is still read as a certificate; "wrong kind" needs clear signs of the other kind and none of the chosen one.
A readable certificate, or a card whose number was read, costs no extra Tesseract run: more are spent only when
the reading has failed to find its kind, to say what was sent instead.

Certificates differ between generations (`상호(법인명)` and `성명(대표자)` in the 2000s, `법인명(단체명)` and
`대표자` in 2018, `사 업 자 등 록 증` with wide spacing today), so no single label is required: any of the labels
every generation prints counts, and only labels a receipt or an invoice never prints count on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from ..base import NOTHING_FOUND, WRONG_KIND, PermanentOcrError
from .tesseract import Line

# Printed only on a registration certificate (spaces removed). One of them is enough.
CERTIFICATE_LABELS = {
    "title": ("사업자등록증",),
    "opening_date": ("개업연월일",),
    "address": ("사업장소재지", "본점소재지", "사업자의주소"),
    "categories": ("사업의종류",),
    "issue_reason": ("발급사유", "교부사유"),
    "tax_office": ("세무서장",),
    "joint": ("공동사업자",),
    "unit_taxation": ("사업자단위과세",),
    "email": ("전자세금계산서전용",),
    "tax_type": ("일반과세자", "간이과세자", "면세사업자", "법인사업자"),
}
# Printed on a certificate and also on receipts, invoices and other forms: two of them (or one and the registration
# number) make a certificate.
SHARED_LABELS = {
    "number": ("등록번호",),
    "company": ("상호", "법인명", "단체명"),
    "representative": ("대표자", "성명"),
    "birth_date": ("생년월일", "주민등록번호"),
    "categories": ("업태", "종목"),
    "issuer": ("국세청",),
}
# A shop's receipt prints the shop's registration number, name and representative, but also these words, and prices
# (a certificate prints no amount of money).
RECEIPT_WORDS = ("영수증", "합계", "금액", "승인번호", "부가세", "수량", "단가", "결제", "카드번호", "거래일시", "할부")
PRICE = re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")

# a business registration number as printed, its hyphens perhaps read as a look-alike (`418~95-62391`)
REGISTRATION_NUMBER = re.compile(r"(?<!\d)\d{3}[-–—~_.]\d{2}[-–—~_.]\d{5}(?!\d)")
CARD_NUMBER = re.compile(r"(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?!\d)|(?<!\d)\d{4}[ -]?\d{6}[ -]?\d{5}(?!\d)")
CARD_GROUPS = re.compile(r"(?<!\d)\d{4} \d{4} \d{4}(?!\d)")  # three groups of four already say "card"
EXPIRY = re.compile(r"(?<![\d/])(0[1-9]|1[0-2])\s?/\s?\d{2}(?![\d/])")
CARD_WORDS = re.compile(r"VALID|THRU|GOOD|EXPIRES|MONTH|YEAR|MEMBER|SINCE|VISA|MASTER|CARD|DEBIT|CREDIT|AMEX", re.I)
CARD_ASPECT = 85.60 / 53.98  # ISO/IEC 7810 ID-1
CARD_ASPECT_TOLERANCE = 0.07  # a loose or tight crop; an A4 page (1.414) stays well outside


@dataclass(frozen=True)
class Evidence:
    certificate_labels: frozenset[str]  # the certificate-only label groups found
    shared_labels: frozenset[str]
    registration_number: bool
    receipt_signs: int  # receipt words, and lines with a price
    card_number: bool
    expiry: bool
    card_words: bool
    card_aspect: bool

    @property
    def certificate(self) -> bool:
        """Signs of a certificate: one label only a certificate prints, or two that others print too."""
        if not self.certificate_labels and self.receipt_signs >= 2:
            return False
        return bool(self.certificate_labels) or len(self.shared_labels) + self.registration_number >= 2

    @property
    def card(self) -> bool:
        """Signs of a card: its number's digit groups, or two of the lesser signs (shape, MM/YY, its words)."""
        return self.card_number or self.expiry + self.card_words + self.card_aspect >= 2

    @property
    def clearly_card(self) -> bool:
        """A card beyond doubt: its number with one of the lesser signs, or two of those. Digit groups alone are not:
        an upside-down certificate read in Korean gives runs of digits (its 0, 6 and 9 survive the turn)."""
        lesser = self.expiry + self.card_words + self.card_aspect
        return lesser >= 2 or (self.card_number and lesser >= 1)


def certificate_refusal(seen: Evidence, *, card_reader_sees_a_card: Callable[[], bool]) -> PermanentOcrError | None:
    """Why a reading as a certificate must stop here, or None to go on.

    Read in Korean, a card's digits and Latin print are often lost; when neither kind's signs are clear, the card
    reader is asked (only then: it costs Tesseract runs) whether this is a card, to say so instead of "nothing"."""
    if seen.certificate:
        return None
    if seen.card or card_reader_sees_a_card():
        return PermanentOcrError(
            _("This looks like a credit card, not a business registration certificate."), code=WRONG_KIND
        )
    return PermanentOcrError(
        _(
            "No business registration certificate was found in this image. Upload a sharp, well-lit, upright "
            "photo or scan of the whole certificate, or the PDF saved from Hometax."
        ),
        code=NOTHING_FOUND,
    )


def card_refusal(seen: Evidence, *, expiry_read: bool) -> PermanentOcrError | None:
    """Why a reading as a card that found no card number must stop here, or None to go on with what it found (a
    number in a card's digit groups settles the question, so this is not asked when one was read)."""
    if seen.certificate and not seen.card:
        return PermanentOcrError(
            _("This looks like a business registration certificate, not a credit card."), code=WRONG_KIND
        )
    if expiry_read:
        return None  # a card whose number could not be read: a person can still look at it
    return PermanentOcrError(
        _(
            "No card number or expiry date was found in this image. Upload a sharp photo of the side of the card "
            "that shows the number (on many newer cards it is on the back)."
        ),
        code=NOTHING_FOUND,
    )


def evidence(lines: Iterable[Line], *, size: tuple[int, int]) -> Evidence:
    """What the lines an engine read (and the image's size) say about the document's kind."""
    texts = [line.text for line in lines]
    compact = [re.sub(r"\s+", "", text) for text in texts]
    return Evidence(
        certificate_labels=_groups_found(CERTIFICATE_LABELS, compact),
        shared_labels=_groups_found(SHARED_LABELS, compact),
        registration_number=any(REGISTRATION_NUMBER.search(text) for text in compact),
        receipt_signs=sum(any(word in text for text in compact) for word in RECEIPT_WORDS)
        + sum(bool(PRICE.search(text)) for text in texts),
        card_number=any(CARD_NUMBER.search(text) or CARD_GROUPS.search(text) for text in texts),
        expiry=any(EXPIRY.search(text) for text in texts),
        card_words=any(CARD_WORDS.search(text) for text in texts),
        card_aspect=_card_shaped(size),
    )


def _card_shaped(size: tuple[int, int]) -> bool:
    width, height = size
    if not width or not height:
        return False
    aspect = max(width, height) / min(width, height)  # a card may be photographed upright
    return abs(aspect - CARD_ASPECT) <= CARD_ASPECT * CARD_ASPECT_TOLERANCE


def _groups_found(groups: dict[str, tuple[str, ...]], texts: list[str]) -> frozenset[str]:
    return frozenset(
        group
        for group, labels in groups.items()
        if any(_label(label).search(text) for label in labels for text in texts)
    )


@cache
def _label(label: str) -> re.Pattern[str]:
    """A label as Tesseract may give it: exact when short (two or three syllables say little); from four syllables
    on, one syllable may be misread or lost (`개업연윌일`, `사업장소지`)."""
    if len(label) < 4:
        return re.compile(re.escape(label))
    variants = {label}
    for i in range(len(label)):
        variants.add(label[:i] + "\0" + label[i + 1 :])  # one syllable misread
        variants.add(label[:i] + label[i + 1 :])  # one syllable lost
    return re.compile("|".join(re.escape(v).replace("\0", "[^\\s]") for v in sorted(variants, key=len, reverse=True)))
