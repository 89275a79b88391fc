"""The staff pages through Django's test client: uploads, the list, the detail page, retry, and the file view."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from documents.kinds import Kind, Status
from documents.models import Document, ExtractedField
from documents.ocr import Field, Reading
from documents.services import _store_reading

pytestmark = pytest.mark.django_db

CARD_NUMBER = "5412345678901234"
MASKED_CARD_NUMBER = "541234******1234"


# --- helpers ----------------------------------------------------------------------------------


def png_bytes(width: int = 400, height: int = 300, text: str = "사업자등록증") -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).text((10, 10), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes(pages: int) -> bytes:
    images = [Image.new("RGB", (595, 842), "white") for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def make_document(*, uploader, status=Status.APPROVED, kind=Kind.BUSINESS_CERTIFICATE, name="doc.png", **extra):
    return Document.objects.create(
        kind=kind,
        status=status,
        uploader=uploader,
        sha256="0" * 64,
        original_name=name,
        content_type="image/png",
        size=100,
        width=400,
        height=300,
        **extra,
    )


def messages_in(response) -> str:
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff", password="pw-staff-1", is_staff=True)


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="pw-alice-1")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="pw-bob-1")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


# --- upload -------------------------------------------------------------------------------------


def test_a_good_certificate_is_stored_and_the_user_lands_on_its_page(alice_client, alice, settings):
    response = alice_client.post(
        reverse("documents:upload"),
        {"kind": Kind.BUSINESS_CERTIFICATE, "files": [upload("certificate.png", png_bytes())]},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", kwargs={"pk": document.pk})
    assert (document.uploader, document.kind, document.status) == (alice, Kind.BUSINESS_CERTIFICATE, Status.RECEIVED)
    assert document.original_name == "certificate.png"
    assert len(stored_files(settings)) == 1


def _too_big(settings):
    settings.UPLOAD_MAX_BYTES = 2000
    return upload("huge.png", png_bytes(800, 800, text="x" * 50))


def _too_many_megapixels(settings):
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    return upload("giant.png", png_bytes(1500, 1000))


@pytest.mark.parametrize(
    ("make_file", "expected"),
    [
        (lambda s: upload("letter.png", "사업자등록증 (텍스트)\n".encode() * 20), "is not a PNG, JPEG or PDF"),
        (lambda s: upload("empty.png", b""), "empty"),
        (_too_big, "the limit is"),
        (lambda s: upload("cut.png", png_bytes()[:-400]), "could not be read as an image"),
        (lambda s: upload("pages.pdf", pdf_bytes(6), "application/pdf"), "has 6 pages"),
        (_too_many_megapixels, "megapixels"),
    ],
    ids=["text-named-png", "empty", "too-large", "truncated-png", "too-many-pdf-pages", "too-many-megapixels"],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_stored(alice_client, settings, make_file, expected):
    bad = make_file(settings)
    name = bad.name
    response = alice_client.post(reverse("documents:upload"), {"kind": Kind.BUSINESS_CERTIFICATE, "files": [bad]})
    assert response.status_code == 400
    page = response.content.decode()
    assert name in page and expected in page
    assert Document.objects.count() == 0
    assert stored_files(settings) == []


def test_a_mixed_submission_keeps_the_good_files_and_names_the_bad_one(alice_client, settings):
    response = alice_client.post(
        reverse("documents:upload"),
        {
            "kind": Kind.BUSINESS_CERTIFICATE,
            "files": [
                upload("first.png", png_bytes(text="one")),
                upload("notes.png", b"just some text, not an image"),
                upload("second.pdf", pdf_bytes(1), "application/pdf"),
            ],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("documents:list")
    assert sorted(Document.objects.values_list("original_name", flat=True)) == ["first.png", "second.pdf"]
    assert len(stored_files(settings)) == 2
    shown = messages_in(response)
    assert "notes.png is not a PNG, JPEG or PDF" in shown
    assert "2 documents received" in shown


def test_uploading_without_a_file_asks_for_one(alice_client):
    response = alice_client.post(reverse("documents:upload"), {"kind": Kind.CREDIT_CARD})
    assert response.status_code == 400
    assert "Choose at least one file." in response.content.decode()
    assert Document.objects.count() == 0


def test_more_files_than_the_limit_in_one_form_says_the_limit_and_keeps_nothing(alice, settings):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)  # as a browser posts: the CSRF check reads the form first
    browser.force_login(alice)
    form = browser.get(reverse("documents:upload"))
    assert f"At most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files in one upload." in form.content.decode()
    files = [upload(f"certificate-{i}.png", png_bytes(text=str(i))) for i in range(101)]

    response = browser.post(
        reverse("documents:upload"),
        {"kind": Kind.BUSINESS_CERTIFICATE, "files": files, "csrfmiddlewaretoken": form.context["csrf_token"]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "At most 100 files can be sent in one upload; nothing was stored." in page
    assert 'id="upload-form"' in page  # the upload page itself, ready for a smaller batch
    assert Document.objects.count() == 0 and stored_files(settings) == []


def test_the_upload_page_needs_a_login(client):
    response = client.get(reverse("documents:upload"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- list ---------------------------------------------------------------------------------------


def test_the_list_filters_by_status_and_kind(alice_client, alice):
    make_document(uploader=alice, name="approved-cert.png")
    make_document(uploader=alice, name="failed-cert.png", status=Status.FAILED)
    make_document(uploader=alice, name="failed-card.png", status=Status.FAILED, kind=Kind.CREDIT_CARD)

    def names(**params):
        response = alice_client.get(reverse("documents:list"), params)
        return sorted(d.original_name for d in response.context["documents"])

    assert names() == ["approved-cert.png", "failed-card.png", "failed-cert.png"]
    assert names(status="failed") == ["failed-card.png", "failed-cert.png"]
    assert names(status="failed", kind="credit_card") == ["failed-card.png"]
    assert names(kind="business_certificate") == ["approved-cert.png", "failed-cert.png"]


def test_the_list_shows_25_per_page_newest_first_and_keeps_filters_across_pages(alice_client, alice):
    for i in range(30):
        make_document(uploader=alice, name=f"doc-{i:02d}.png", status=Status.APPROVED)
    make_document(uploader=alice, name="other.png", status=Status.FAILED)

    first = alice_client.get(reverse("documents:list"), {"status": "approved"})
    shown = [d.original_name for d in first.context["documents"]]
    assert len(shown) == 25 and shown[0] == "doc-29.png"
    page = first.content.decode()
    assert "status=approved&amp;page=2" in page

    second = alice_client.get(reverse("documents:list"), {"status": "approved", "page": 2})
    assert [d.original_name for d in second.context["documents"]] == [f"doc-{i:02d}.png" for i in range(4, -1, -1)]


def test_an_ordinary_user_lists_only_their_own_documents_and_staff_see_all(client, alice, bob, staff):
    make_document(uploader=alice, name="alice.png")
    make_document(uploader=bob, name="bob.png")
    client.force_login(alice)
    assert [d.original_name for d in client.get(reverse("documents:list")).context["documents"]] == ["alice.png"]
    client.force_login(staff)
    assert len(client.get(reverse("documents:list")).context["documents"]) == 2


def test_the_status_endpoint_answers_only_for_visible_documents(alice_client, alice, bob):
    mine = make_document(uploader=alice, status=Status.PROCESSING)
    theirs = make_document(uploader=bob, status=Status.PROCESSING)
    data = alice_client.get(reverse("documents:statuses"), {"ids": f"{mine.pk},{theirs.pk}"}).json()
    assert data["documents"] == [
        {"id": mine.pk, "status": "processing", "status_label": str(Status.PROCESSING.label),
         "finished": False, "error_message": ""}
    ]
    assert alice_client.get(reverse("documents:status", kwargs={"pk": theirs.pk})).status_code == 404


# --- the uploaded file ------------------------------------------------------------------------------


@pytest.fixture
def alices_upload(client, alice):
    client.force_login(alice)
    content = png_bytes()
    client.post(reverse("documents:upload"), {"kind": Kind.BUSINESS_CERTIFICATE, "files": [upload("c.png", content)]})
    client.logout()
    return Document.objects.get(), content


def test_the_owner_gets_the_file_bytes_marked_no_store(client, alice, alices_upload):
    document, content = alices_upload
    client.force_login(alice)
    response = client.get(reverse("documents:file", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"


def test_another_ordinary_user_gets_404_for_the_file_and_the_page(client, bob, alices_upload):
    document, _ = alices_upload
    client.force_login(bob)
    assert client.get(reverse("documents:file", kwargs={"pk": document.pk})).status_code == 404
    assert client.get(reverse("documents:detail", kwargs={"pk": document.pk})).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page_for_the_file(client, alices_upload):
    document, _ = alices_upload
    url = reverse("documents:file", kwargs={"pk": document.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) and "next=" in response["Location"]


def test_no_media_url_serves_uploads_directly(client, alice, alices_upload):
    document, _ = alices_upload
    client.force_login(alice)
    assert client.get("/media/" + document.file.name).status_code == 404


def test_a_pdf_is_shown_as_its_first_page_rendered_to_png(alice_client, settings):
    alice_client.post(
        reverse("documents:upload"),
        {"kind": Kind.BUSINESS_CERTIFICATE, "files": [upload("c.pdf", pdf_bytes(2), "application/pdf")]},
    )
    document = Document.objects.get()
    response = alice_client.get(reverse("documents:file", kwargs={"pk": document.pk}), {"page": 1})
    assert response["Content-Type"] == "image/png" and response["Cache-Control"] == "private, no-store"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.size == (document.width * 2, document.height * 2)


# --- detail -------------------------------------------------------------------------------------------


def _read_card(document: Document) -> None:
    reading = Reading(
        fields=[
            Field(name="card_number", raw_key="cardNums", raw_text=" ".join(re.findall(r"\d{4}", CARD_NUMBER)),
                  value=CARD_NUMBER, confidence=0.97, box=((20, 100), (380, 100), (380, 140), (20, 140))),
            Field(name="valid_thru", raw_key="validThru", raw_text="09/28", value="09/28", confidence=0.62,
                  box=((200, 180), (280, 180), (280, 210), (200, 210))),
        ],
        resolution="normal",
        unit="pixel",
        file_type="png",
        raw={"totalCardNum": CARD_NUMBER},
    )
    _store_reading(document, reading, engine="test", seconds=0.5)


def test_the_detail_page_shows_only_the_masked_card_number_with_boxes_and_confidence(alice_client, alice):
    card = upload("card.png", png_bytes())
    alice_client.post(reverse("documents:upload"), {"kind": Kind.CREDIT_CARD, "files": [card]})
    document = Document.objects.get()
    _read_card(document)
    Document.objects.filter(pk=document.pk).update(status=Status.APPROVED)
    response = alice_client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
    page = response.content.decode()
    assert MASKED_CARD_NUMBER in page
    assert CARD_NUMBER not in page and CARD_NUMBER[6:12] not in page
    assert page.count("<polygon") == 2
    assert 'points="20,100 380,100 380,140 20,140"' in page
    assert "97.0%" in page and "62.0%" in page
    assert re.search(r'class="confidence confidence--low"[^>]*>62\.0%', page)
    assert ExtractedField.objects.get(name="card_number").value == MASKED_CARD_NUMBER

    status = alice_client.get(reverse("documents:status", kwargs={"pk": document.pk})).content.decode()
    assert CARD_NUMBER not in status


def test_the_detail_page_lists_every_business_category_with_its_boxes_main_first(alice_client, alice):
    document = make_document(uploader=alice)
    document.file.save("doc.png", ContentFile(png_bytes()))
    rows = [("정보통신업", "응용 소프트웨어 개발"), ("도매 및 소매업", "전자상거래"), ("제조업", "전자부품")]
    halves = (("business_type", "업태", 20), ("business_item", "종목", 200))
    fields = [
        Field(name=name, raw_key=key, raw_text=value, value=value, confidence=0.95, index=index,
              box=((x, 40 + 30 * index), (x + 150, 40 + 30 * index), (x + 150, 60 + 30 * index), (x, 60 + 30 * index)))
        for index, pair in enumerate(rows)
        for (name, key, x), value in zip(halves, pair, strict=True)
    ]
    _store_reading(document, Reading(fields=fields, resolution="normal", unit="pixel", file_type="png"),
                   engine="test", seconds=0.1)

    response = alice_client.get(reverse("documents:detail", kwargs={"pk": document.pk}))

    page = response.content.decode()
    table = page[page.index('id="categories"'):]
    table = table[:table.index("</table>")]
    assert [(row.number, row.type, row.item, row.main) for row in response.context["categories"]] == [
        (1, "정보통신업", "응용 소프트웨어 개발", True), (2, "도매 및 소매업", "전자상거래", False),
        (3, "제조업", "전자부품", False),
    ]
    positions = re.findall(r'<td data-field="(\d+)"[^>]*>([^<]+)</td>', table)
    assert positions == [("0", "정보통신업"), ("1", "응용 소프트웨어 개발"), ("2", "도매 및 소매업"),
                         ("3", "전자상거래"), ("4", "제조업"), ("5", "전자부품")]
    assert table.count("Main") == 1
    assert page.count("<polygon") == 6  # every half has its box on the image
    assert "Business type (row 3)" in page  # the fields table says which row a repeated item belongs to


def test_a_document_still_being_read_says_so_and_points_its_script_at_the_status_endpoint(alice_client, alice):
    document = make_document(uploader=alice, status=Status.PROCESSING)
    page = alice_client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert f'data-status-url="{reverse("documents:status", kwargs={"pk": document.pk})}"' in page
    assert 'data-finished="0"' in page
    assert "This page updates by itself." in page


def test_a_failed_document_shows_its_error_and_retry_requeues_it(
    alice_client, alice, django_capture_on_commit_callbacks
):
    document = make_document(
        uploader=alice, status=Status.FAILED, error_code="4000002", error_message="The file is not a valid image."
    )
    page = alice_client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert "The file is not a valid image." in page
    assert reverse("documents:retry", kwargs={"pk": document.pk}) in page

    with django_capture_on_commit_callbacks() as queued:
        response = alice_client.post(reverse("documents:retry", kwargs={"pk": document.pk}), follow=True)
    document.refresh_from_db()
    assert (document.status, document.error_message) == (Status.RECEIVED, "")
    assert len(queued) == 1  # the task is sent once the transaction commits
    assert "sent to be read again" in messages_in(response)
    assert "The file is not a valid image." not in response.content.decode()


def test_retry_is_post_only_and_ignored_for_a_finished_document(alice_client, alice):
    document = make_document(uploader=alice, status=Status.APPROVED)
    url = reverse("documents:retry", kwargs={"pk": document.pk})
    assert alice_client.get(url).status_code == 405
    alice_client.post(url)
    document.refresh_from_db()
    assert document.status == Status.APPROVED
