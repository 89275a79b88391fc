"""Keys, scoping and errors: what a partner's developer meets first."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.test import APIClient

from documents.kinds import Kind, Status
from partners import services
from partners.models import ApiKey, WebhookEndpoint

from .conftest import PartnerClient, read_document

pytestmark = pytest.mark.django_db


def _is_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if code:
        assert error["code"] == code
    return error


def test_partner_a_cannot_read_list_or_delete_partner_b_documents(partner_a, partner_b):
    theirs = read_document(partner=partner_b.partner, seed=1)
    mine = read_document(partner=partner_a.partner, seed=2)

    _is_error(partner_a.get(f"/api/v1/documents/{theirs.pk}/"), 404, "not_found")
    _is_error(partner_a.delete(f"/api/v1/documents/{theirs.pk}/"), 404, "not_found")
    listed = partner_a.get("/api/v1/documents/").json()["results"]

    assert [d["id"] for d in listed] == [mine.pk]
    assert partner_b.get(f"/api/v1/documents/{theirs.pk}/").status_code == 200  # untouched
    # the same answer as for an id that does not exist, so ids do not leak
    assert partner_a.get("/api/v1/documents/999999/").json() == partner_a.get(
        f"/api/v1/documents/{theirs.pk}/").json()


def test_partner_a_cannot_see_or_remove_partner_b_webhooks_nor_receive_its_events(partner_a, partner_b):
    endpoint_b = services.webhook_endpoint_create(partner=partner_b.partner, url="https://b.example/hook", events=[])
    endpoint_a = partner_a.post("/api/v1/webhooks/", {"url": "https://a.example/hook"}, format="json").json()

    _is_error(partner_a.get(f"/api/v1/webhooks/{endpoint_b.pk}/"), 404)
    _is_error(partner_a.delete(f"/api/v1/webhooks/{endpoint_b.pk}/"), 404)
    _is_error(partner_a.get(f"/api/v1/webhooks/{endpoint_b.pk}/deliveries/"), 404)
    assert [e["id"] for e in partner_a.get("/api/v1/webhooks/").json()] == [endpoint_a["id"]]
    assert WebhookEndpoint.objects.filter(pk=endpoint_b.pk).exists()

    from partners import webhooks

    document_b = read_document(partner=partner_b.partner, seed=3, status=Status.APPROVED)
    deliveries = webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document_b)
    assert [d.endpoint_id for d in deliveries] == [endpoint_b.pk]  # A's endpoint hears nothing of B's document


def test_revoked_key_is_refused_and_other_keys_of_the_partner_keep_working(partner_a):
    second, second_raw = services.api_key_create(partner=partner_a.partner, name="second")
    first = ApiKey.objects.exclude(pk=second.pk).get(partner=partner_a.partner)
    assert partner_a.get("/api/v1/documents/").status_code == 200

    services.api_key_revoke(api_key=first)

    response = partner_a.get("/api/v1/documents/")
    _is_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Api-Key"
    assert PartnerClient(partner_a.partner, second_raw).get("/api/v1/documents/").status_code == 200


def test_keys_are_stored_only_as_a_hash_with_a_visible_prefix(partner_a):
    api_key = ApiKey.objects.get(partner=partner_a.partner)
    assert partner_a.raw_key not in (api_key.hashed_key, api_key.prefix)
    assert partner_a.raw_key.startswith(api_key.prefix)
    assert api_key.hashed_key == services.hash_key(partner_a.raw_key)


def test_missing_or_unknown_key_is_401_in_the_error_shape(db):
    _is_error(APIClient().get("/api/v1/documents/"), 401, "not_authenticated")
    _is_error(APIClient(HTTP_AUTHORIZATION="Api-Key ik_nope_nope").get("/api/v1/documents/"), 401)


def test_create_partner_command_prints_a_key_that_works(db, capsys):
    call_command("create_partner", "Acme", "--email", "dev@acme.example")
    raw_key = capsys.readouterr().out.strip()

    client = APIClient(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    assert client.get("/api/v1/documents/").status_code == 200


def test_every_error_under_api_has_one_shape_never_html(partner_a):
    _is_error(partner_a.get("/api/v1/nothing-here/"), 404, "not_found")
    _is_error(partner_a.get("/api/v1/documents"), 404)  # no slash: JSON too, not a redirect or an HTML page
    _is_error(partner_a.put("/api/v1/documents/", {}), 405, "method_not_allowed")
    _is_error(partner_a.post("/api/v1/documents/", "x", content_type="text/plain"), 415, "unsupported_media_type")
    _is_error(partner_a.post("/api/v1/documents/", {"kind": "passport"}, format="multipart"), 400, "invalid")
    bad_upload = partner_a.upload(b"not an image at all", name="cert.png")
    error = _is_error(bad_upload, 400, "upload_rejected")
    assert "PNG, JPEG or PDF" in error["message"]  # the same message as the web form
    _is_error(partner_a.get("/api/v1/documents/?created_after=yesterday"), 400, "invalid")


def test_throttled_key_gets_429_with_retry_after(partner_a, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"partner_api": "3/min", "partner_api_anon": "3/min"}
    }
    assert [partner_a.get("/api/v1/documents/").status_code for _ in range(3)] == [200, 200, 200]

    response = partner_a.get("/api/v1/documents/")

    error = _is_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert error["details"]["retry_after_seconds"] == int(response["Retry-After"])
    other_key = PartnerClient(partner_a.partner, services.api_key_create(partner=partner_a.partner)[1])
    assert other_key.get("/api/v1/documents/").status_code == 200  # the budget is per key


def test_staff_in_a_browser_session_use_the_api_for_what_they_may_see(partner_a):
    user = get_user_model().objects.create_user("clerk", password="pw-for-tests")
    own = read_document(user=user, seed=5)
    read_document(partner=partner_a.partner, seed=6)
    client = APIClient()
    client.force_login(user)

    listed = client.get("/api/v1/documents/").json()["results"]

    assert [d["id"] for d in listed] == [own.pk]
    assert client.get(f"/api/v1/documents/{own.pk}/").status_code == 200
    _is_error(client.get("/api/v1/webhooks/"), 403, "permission_denied")


def test_document_detail_shows_fields_corrections_reasons_and_masks_card_numbers(partner_a, partner_b, settings):
    certificate = read_document(partner=partner_a.partner, seed=7)
    field = certificate.extraction.fields.get(name="company_name")
    field.corrected_value = "주식회사 고친이름"
    field.save()
    card = read_document(partner=partner_a.partner, kind=Kind.CREDIT_CARD, seed=8)

    body = partner_a.get(f"/api/v1/documents/{certificate.pk}/").json()
    fields = {f["name"]: f for f in body["fields"]}
    assert fields["company_name"]["value"] == "주식회사 고친이름"
    assert fields["company_name"]["machine_value"] == "주식회사 예시"
    assert fields["company_name"]["corrected"] is True and fields["registration_number"]["corrected"] is False
    assert fields["registration_number"]["box"] == [[0, 0], [10, 0], [10, 5], [0, 5]]

    masked = partner_a.get(f"/api/v1/documents/{card.pk}/").json()
    number = next(f for f in masked["fields"] if f["name"] == "card_number")
    assert number["value"] == "453201******0366" and "full_value" not in number
    assert "4532015112830366" not in str(partner_a.get("/api/v1/documents/").json())

    revealed = partner_a.get(f"/api/v1/documents/{card.pk}/?reveal=card_number").json()
    assert next(f for f in revealed["fields"] if f["name"] == "card_number")["full_value"] == "4532015112830366"
    from documents.models import AuditEvent

    reveal = AuditEvent.objects.get(document=card, action="card_number_revealed")
    assert partner_a.partner.name in reveal.note and "4532015112830366" not in str(reveal.__dict__)

    settings.CARD_NUMBER_RETENTION_DAYS = -1  # the window has passed
    expired = partner_a.get(f"/api/v1/documents/{card.pk}/?reveal=card_number").json()
    assert "full_value" not in next(f for f in expired["fields"] if f["name"] == "card_number")


def test_delete_erases_file_and_personal_data_and_keeps_an_audit_stub(partner_a, django_capture_on_commit_callbacks):
    from documents.models import Document, ExtractedField

    document = read_document(partner=partner_a.partner, seed=9)
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the erasure is committed
        assert partner_a.delete(f"/api/v1/documents/{document.pk}/").status_code == 204

    stub = Document.objects.get(pk=document.pk)
    assert not storage.exists(name)
    assert stub.file.name == "" and stub.original_name == "" and stub.sha256 == ""
    assert not ExtractedField.objects.filter(extraction__document=stub).exists()
    assert stub.kind == Kind.BUSINESS_CERTIFICATE and stub.erasure.partner == partner_a.partner
    _is_error(partner_a.get(f"/api/v1/documents/{document.pk}/"), 404)


def test_erasure_leaves_no_personal_data_in_replayed_answers_webhook_payloads_or_review_reasons(partner_a, settings):
    """What other parts kept about the document shrinks to its id: the idempotent upload's replayed answer (file name,
    digest), a webhook payload (business categories), and the reasons a reviewer was shown (another company's name)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.audit import Action
    from documents.models import AuditEvent
    from partners import webhooks
    from partners.models import IdempotencyRecord, WebhookDelivery

    from .conftest import png

    settings.WEBHOOK_ALLOW_PRIVATE_URLS = True
    services.webhook_endpoint_create(partner=partner_a.partner, url="http://127.0.0.1:9/hooks", events=[])
    upload = {"kind": "business_certificate", "file": SimpleUploadedFile("사업자등록증-홍길동.png", png(12))}
    created = partner_a.post("/api/v1/documents/", upload, format="multipart", HTTP_IDEMPOTENCY_KEY="erase-me-1")
    assert created.status_code == 201, created.content
    document = read_document(partner=partner_a.partner, seed=13, status=Status.APPROVED,
                             categories=[("도매 및 소매업", "전자상거래업")])
    IdempotencyRecord.objects.filter(key="erase-me-1").update(document=document)
    webhooks.emit(event=webhooks.DOCUMENT_APPROVED, document=document)
    AuditEvent.objects.create(document=document, action=Action.ROUTED_TO_REVIEW, after={"status": "needs_review",
                              "reasons": [{"code": "registration_conflict", "detail": {"names": ["다른상호"]}}]})

    assert partner_a.delete(f"/api/v1/documents/{document.pk}/").status_code == 204

    kept = str(IdempotencyRecord.objects.get(key="erase-me-1").response_body)
    kept += str(list(WebhookDelivery.objects.values_list("payload", flat=True)))
    kept += str(list(AuditEvent.objects.filter(document=document).values_list("after", flat=True)))
    assert "홍길동" not in kept and "전자상거래업" not in kept and "다른상호" not in kept
    assert "registration_conflict" in kept and f"'id': {document.pk}" in kept  # why, and which document, stay


def test_delete_of_a_document_still_being_read_is_409(partner_a):
    document = read_document(partner=partner_a.partner, seed=10, status=Status.PROCESSING)
    _is_error(partner_a.delete(f"/api/v1/documents/{document.pk}/"), 409, "conflict")


def _session(username: str, *, group: str = "") -> APIClient:
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, password="pw-for-tests")
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    client = APIClient()
    client.force_login(user)
    client.user = user
    return client


def test_a_reviewer_session_cannot_erase_a_partners_document_it_can_read(partner_a):
    document = read_document(partner=partner_a.partner, seed=11)
    reviewer = _session("rita", group="reviewer")
    assert reviewer.get(f"/api/v1/documents/{document.pk}/").status_code == 200

    _is_error(reviewer.delete(f"/api/v1/documents/{document.pk}/"), 403, "permission_denied")

    assert partner_a.get(f"/api/v1/documents/{document.pk}/").status_code == 200
    assert document.file.storage.exists(document.file.name)


def test_an_uploader_session_cannot_erase_its_own_upload_and_does_not_see_anothers(db):
    uploader = _session("ulla", group="uploader")
    own = read_document(user=uploader.user, seed=12)
    someone_elses = read_document(user=get_user_model().objects.create_user("other"), seed=13)

    _is_error(uploader.delete(f"/api/v1/documents/{own.pk}/"), 403, "permission_denied")
    _is_error(uploader.delete(f"/api/v1/documents/{someone_elses.pk}/"), 404, "not_found")
    assert uploader.get(f"/api/v1/documents/{own.pk}/").status_code == 200


def test_an_administrator_session_erases_any_document(partner_a):
    document = read_document(partner=partner_a.partner, seed=14)
    admin = _session("ada", group="admin")

    assert admin.delete(f"/api/v1/documents/{document.pk}/").status_code == 204

    assert document.__class__.objects.get(pk=document.pk).erasure.user == admin.user
    _is_error(partner_a.get(f"/api/v1/documents/{document.pk}/"), 404)


def test_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_certificate_shows_its_business_status_and_only_partners_holding_it_hear_of_changes(partner_a, partner_b):
    from partners import webhooks
    from registry.models import Business

    certificate = read_document(partner=partner_a.partner, seed=11, status=Status.APPROVED)
    business = Business.objects.create(number="1168200276", name="주식회사 예시", state="closed")
    business.documents.add(certificate)
    endpoint_a = services.webhook_endpoint_create(partner=partner_a.partner, url="https://a.example/h", events=[])
    services.webhook_endpoint_create(partner=partner_b.partner, url="https://b.example/h", events=[])

    shown = partner_a.get(f"/api/v1/documents/{certificate.pk}/").json()["business"]
    (delivery,) = webhooks.emit(event=webhooks.BUSINESS_STATUS_CHANGED, business=business,
                                data={"previous_state": "active"})

    assert shown["number"] == "1168200276" and shown["state"] == "closed"
    assert delivery.endpoint_id == endpoint_a.pk
    assert delivery.payload["data"]["business"]["state"] == "closed"
    assert delivery.payload["data"]["previous_state"] == "active"


def test_paths_with_odd_characters_still_get_a_json_404(partner_a):
    _is_error(partner_a.get("/api/v1/webhooks/9%C3%99%0A/"), 404, "not_found")


def test_an_unexpected_error_is_a_json_500_without_a_stack_trace(caplog):
    from partners.errors import exception_handler

    response = exception_handler(RuntimeError("secret internals"), {"view": None})

    assert response.status_code == 500
    assert response.data["error"]["code"] == "server_error"
    assert "secret internals" not in str(response.data)
    assert "secret internals" in caplog.text  # logged for us, not shown to the partner
