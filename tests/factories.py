"""The one place tests build data: users, documents as the pipeline leaves them (extraction and fields stored,
built without OCR), approved certificates and registry businesses. Fixtures (servers, clients) live in conftest
files; the partner API's tests build through the upload service instead (tests/partners/conftest.py)."""

import datetime as dt
import io
import random

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image

from documents import cards
from documents.kinds import Kind, Status
from documents.models import Document, ExtractedField, Extraction
from documents.validation import registration_check_digit
from registry.models import Business


def registration_number(seed: int) -> str:
    """A valid 10-digit business registration number."""
    head = f"{seed % 10**9:09d}"
    return head + registration_check_digit(head)


def with_wrong_check_digit(number: str) -> str:
    return number[:9] + str((int(number[9]) + 1) % 10)


def luhn_number(prefix: str = "453201", length: int = 16, seed: int = 0) -> str:
    rng = random.Random(seed)
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d)
        if i % 2 == 0:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return body + str((10 - total % 10) % 10)


def future_valid_thru(years: int = 3) -> str:
    today = dt.date.today()
    return f"{today.month:02d}/{(today.year + years) % 100:02d}"


def png_bytes(width: int = 400, height: int = 300) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = Kind.BUSINESS_CERTIFICATE
    status = Status.PROCESSING
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    original_name = factory.Sequence(lambda n: f"doc{n}.png")
    content_type = "image/png"
    size = 1000
    width = 400
    height = 300
    file = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="doc.png"))


class ExtractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extraction

    document = factory.SubFactory(DocumentFactory)
    engine = "test"
    raw = factory.LazyFunction(dict)
    resolution = "normal"
    unit_type = "pixel"
    file_type = "png"


def certificate_values(seed: int = 1, **overrides: str) -> dict[str, str]:
    values = {
        "tax_type": "일반과세자",
        "registration_number": registration_number(123450000 + seed),
        "company_name": f"주식회사 한빛{seed}",
        "representative": "홍길동",
        "opening_date": "2015-03-02",
        "business_address": "서울특별시 중구 세종대로 110",
        "issue_date": "2020-01-05",
    }
    values.update(overrides)
    return {name: value for name, value in values.items() if value is not None}


def card_values(seed: int = 1, **overrides: str) -> dict[str, str]:
    values = {"card_number": luhn_number(seed=seed), "valid_thru": future_valid_thru()}
    values.update(overrides)
    return {name: value for name, value in values.items() if value is not None}


def read_document(
    *,
    kind: str = Kind.BUSINESS_CERTIFICATE,
    values: dict[str, str] | None = None,
    confidence: dict[str, float] | float = 0.99,
    resolution: str = "normal",
    uploader=None,
    categories: list[tuple[str | None, str | None]] = (),
    partner=None,
) -> Document:
    """A document whose extraction the pipeline has just stored (status processing, not routed yet).

    `categories`: the business category rows read after the other fields, (type, item) in printed order; None for
    a half the engine did not read."""
    if values is None:
        values = certificate_values() if kind == Kind.BUSINESS_CERTIFICATE else card_values()
    document = DocumentFactory(kind=kind, uploader=uploader, partner=partner)
    extraction = ExtractionFactory(document=document, resolution=resolution)
    for position, (name, value) in enumerate(values.items()):
        conf = confidence.get(name, 0.99) if isinstance(confidence, dict) else confidence
        y = 20 + position * 30
        stored, encrypted = value, ""
        if name == "card_number":
            stored, encrypted = cards.mask(value), cards.encrypt(value)
        ExtractedField.objects.create(
            extraction=extraction, position=position, name=name, raw_key=name, raw_text=stored, value=stored,
            value_encrypted=encrypted, confidence=conf, box=[[20, y], [220, y], [220, y + 24], [20, y + 24]],
        )
    position = len(values)
    for index, pair in enumerate(categories):
        y = 20 + position * 30
        for (name, raw_key, x), value in zip(
            (("business_type", "업태", 20), ("business_item", "종목", 240)), pair, strict=True
        ):
            if value is None:
                continue
            ExtractedField.objects.create(
                extraction=extraction, position=position, name=name, index=index, raw_key=raw_key, raw_text=value,
                value=value, confidence=0.97, box=[[x, y], [x + 200, y], [x + 200, y + 24], [x, y + 24]],
            )
            position += 1
    return document


def approved_certificate(seed: int = 1, **values) -> Document:
    """A certificate read and approved (its business not registered yet: the registry's own tests do that)."""
    document = read_document(values=certificate_values(seed, **values))
    document.status = Status.APPROVED
    document.save(update_fields=["status"])
    return document


def make_businesses(count: int, *, due: dt.datetime | None = None, start: int = 500_000, **fields) -> list[Business]:
    """`count` businesses due at `due` (now), in one INSERT: the dispatch tests need thousands."""
    from django.utils import timezone

    due = due or timezone.now()
    Business.objects.bulk_create(
        Business(number=registration_number(start + i), name=f"회사{i}", next_check_at=due, **fields)
        for i in range(count)
    )
    return list(Business.objects.order_by("id"))
