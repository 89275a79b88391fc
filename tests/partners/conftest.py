"""Partners with keys, API clients that send them, and documents as the pipeline leaves them."""

import io
import random

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from rest_framework.test import APIClient

from documents import cards
from documents import services as document_services
from documents.kinds import Kind, Status
from documents.models import Document, ExtractedField, Extraction
from partners import services


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()  # request counts live in the cache; every test starts with a full budget
    yield
    cache.clear()


def png(seed: int = 0, size=(400, 300)) -> bytes:
    """A PNG that differs per seed (so its sha256 does)."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0] - 40), rng.randrange(size[1] - 10)
        draw.rectangle((x, y, x + rng.randrange(5, 40), y + 8), fill=(rng.randrange(200),) * 3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class PartnerClient(APIClient):
    def __init__(self, partner, raw_key: str, **kwargs):
        super().__init__(**kwargs)
        self.partner, self.raw_key = partner, raw_key
        self.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")

    def upload(self, content: bytes, *, kind: str = Kind.BUSINESS_CERTIFICATE, name="certificate.png", **headers):
        return self.post(
            "/api/v1/documents/", {"file": SimpleUploadedFile(name, content), "kind": kind}, format="multipart",
            headers=headers,
        )


def make_partner(name: str, email: str = "") -> PartnerClient:
    partner = services.partner_create(name=name, contact_email=email)
    _key, raw_key = services.api_key_create(partner=partner)
    return PartnerClient(partner, raw_key)


@pytest.fixture
def partner_a(db):
    return make_partner("Partner A", "ops@a.example")


@pytest.fixture
def partner_b(db):
    return make_partner("Partner B", "ops@b.example")


def read_document(
    *, partner=None, user=None, kind=Kind.BUSINESS_CERTIFICATE, seed: int = 0, fields=None, status=Status.NEEDS_REVIEW,
    categories=(),
) -> Document:
    """A stored document whose reading is done (without OCR): `fields` maps name -> (value, confidence);
    `categories`: the business category rows read, (type, item) in printed order."""
    # One transaction: the upload queues the pipeline on commit, and by then the document already has its
    # reading, so a worker leaves it alone. Built in steps outside a transaction, a worker could read the
    # test image first, fail it and send a webhook of its own (a flaky test saw 4 deliveries for 3).
    with transaction.atomic():
        document = document_services.document_create(
            uploader=user, kind=kind, upload=SimpleUploadedFile("doc.png", png(seed)), partner=partner
        )
        extraction = Extraction.objects.create(
            document=document, engine="test", raw={}, resolution="normal", unit_type="pixel", file_type="png"
        )
        if fields is None:
            fields = (
                {"registration_number": ("1168200276", 0.99), "company_name": ("주식회사 예시", 0.95)}
                if kind == Kind.BUSINESS_CERTIFICATE
                else {"card_number": ("4532015112830366", 0.97), "valid_thru": ("12/30", 0.96)}
            )
        for position, (name, (value, confidence)) in enumerate(fields.items()):
            is_card = name == "card_number"
            ExtractedField.objects.create(
                extraction=extraction, position=position, name=name, raw_key=name, raw_text=cards.mask(value)
                if is_card else value, value=cards.mask(value) if is_card else value,
                value_encrypted=cards.encrypt(value) if is_card else "", confidence=confidence,
                box=[[0, 0], [10, 0], [10, 5], [0, 5]],
            )
        for index, pair in enumerate(categories):
            for offset, (name, value) in enumerate(zip(("business_type", "business_item"), pair, strict=True)):
                ExtractedField.objects.create(
                    extraction=extraction, position=len(fields) + 2 * index + offset, name=name, index=index,
                    raw_key="업태" if offset == 0 else "종목", raw_text=value, value=value, confidence=0.95,
                    box=[[0, 10 * index], [10, 10 * index], [10, 10 * index + 5], [0, 10 * index + 5]],
                )
        Document.objects.filter(pk=document.pk).update(status=status, processed_at=timezone.now())
    document.refresh_from_db()
    return document
