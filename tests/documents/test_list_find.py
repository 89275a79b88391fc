"""Finding documents on the staff list: what each row shows, the search box, sorting, the date range, filters that
ride along to a document and back, saved filters, and a constant number of queries per page."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from documents import roles
from documents.kinds import Kind, Status
from documents.models import AuditEvent, Document, ExtractedField, SavedFilter
from registry.models import Business, BusinessState
from tests.factories import card_values, certificate_values, read_document

pytestmark = pytest.mark.django_db

CARD = "5412345678901234"


def certificate(uploader, *, seed: int = 1, name: str = "", status=Status.APPROVED, **values) -> Document:
    document = read_document(values=certificate_values(seed, **values), uploader=uploader)
    Document.objects.filter(pk=document.pk).update(status=status, original_name=name or f"cert-{seed}.png")
    document.refresh_from_db()
    return document


def card(uploader, *, number: str = CARD, status=Status.APPROVED) -> Document:
    document = read_document(kind=Kind.CREDIT_CARD, values=card_values(card_number=number), uploader=uploader)
    Document.objects.filter(pk=document.pk).update(status=status, original_name="card.jpg")
    document.refresh_from_db()
    return document


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", password="pw-clerk-1")


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("rita", password="pw-rita-1")
    user.groups.add(Group.objects.get_or_create(name=roles.REVIEWER)[0])
    return user


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def listed_ids(response) -> list[int]:
    return [document.pk for document in response.context["documents"]]


def list_page(client, **params):
    response = client.get(reverse("documents:list"), params)
    assert response.status_code == 200
    return response


# --- what a row shows -------------------------------------------------------------------------------


def test_each_row_shows_company_number_masked_card_and_business_state(clerk_client, clerk):
    cert = certificate(clerk, seed=3, company_name="주식회사 한빛상사")
    number = cert.extraction.fields.get(name="registration_number").value
    business = Business.objects.create(number=number, name="주식회사 한빛상사", state=BusinessState.SUSPENDED)
    business.documents.add(cert)
    card(clerk)

    html = list_page(clerk_client).content.decode()

    assert "주식회사 한빛상사" in html
    assert f"{number[:3]}-{number[3:5]}-{number[5:]}" in html
    assert "541234******1234" in html
    assert CARD not in html  # never the full number
    assert 'status--suspended' in html or "Suspended" in html


def test_a_reviewers_correction_is_what_the_row_shows(clerk_client, clerk):
    cert = certificate(clerk, company_name="오독상사")
    ExtractedField.objects.filter(extraction__document=cert, name="company_name").update(
        corrected_value="정정상사", corrected_at=timezone.now())

    html = list_page(clerk_client).content.decode()

    assert "정정상사" in html and "오독상사" not in html


# --- search -----------------------------------------------------------------------------------------


@pytest.fixture
def three(clerk):
    return {
        "hanbit": certificate(clerk, seed=1, company_name="주식회사 한빛", registration_number="1168200276",
                              name="scan-a.pdf"),
        "dasan": certificate(clerk, seed=2, company_name="Dasan Trading", registration_number="2208162517",
                             name="scan-b.png"),
        "card": card(clerk),
    }


@pytest.mark.parametrize(("q", "expected"), [
    ("한빛", {"hanbit"}),
    ("dasan", {"dasan"}),  # any case
    ("TRADING", {"dasan"}),
    ("116-82-00276", {"hanbit"}),  # with dashes
    ("1168200276", {"hanbit"}),  # without
    ("220-81", {"dasan"}),  # part of a number
    ("scan-b", {"dasan"}),  # file name
    (".jpg", {"card"}),
    ("nothing like it", set()),
])
def test_search_finds_company_number_with_or_without_dashes_and_file_name(clerk_client, three, q, expected):
    response = list_page(clerk_client, q=q)
    assert set(listed_ids(response)) == {three[key].pk for key in expected}


def test_search_finds_a_document_by_its_id(clerk_client, three):
    target = three["dasan"]
    assert target.pk in listed_ids(list_page(clerk_client, q=f"#{target.pk}"))
    assert target.pk in listed_ids(list_page(clerk_client, q=str(target.pk)))


def test_search_reads_the_correction_not_the_misreading(clerk_client, clerk):
    cert = certificate(clerk, company_name="오독상사")
    ExtractedField.objects.filter(extraction__document=cert, name="company_name").update(
        corrected_value="정정상사", corrected_at=timezone.now())

    assert listed_ids(list_page(clerk_client, q="정정")) == [cert.pk]
    assert listed_ids(list_page(clerk_client, q="오독")) == []


def test_search_never_shows_another_uploaders_document(clerk_client, clerk, django_user_model):
    other = django_user_model.objects.create_user("other")
    certificate(other, company_name="남의상사")
    assert listed_ids(list_page(clerk_client, q="남의상사")) == []


# --- sort and date range ----------------------------------------------------------------------------


def test_sorting_by_company_name_both_ways_and_an_unknown_sort_is_ignored(clerk_client, clerk):
    b = certificate(clerk, seed=1, company_name="B상사")
    a = certificate(clerk, seed=2, company_name="A상사")
    c = certificate(clerk, seed=3, company_name="C상사")

    assert listed_ids(list_page(clerk_client, sort="company")) == [a.pk, b.pk, c.pk]
    assert listed_ids(list_page(clerk_client, sort="-company")) == [c.pk, b.pk, a.pk]
    assert listed_ids(list_page(clerk_client, sort="extraction__fields__value")) == [c.pk, a.pk, b.pk]  # newest first
    header = list_page(clerk_client, sort="company").content.decode()
    assert 'aria-sort="ascending"' in header and "sort=-company" in header


def test_the_date_range_includes_both_days(clerk_client, clerk):
    old, mid, new = (certificate(clerk, seed=i) for i in (1, 2, 3))
    for document, day in ((old, 1), (mid, 5), (new, 9)):
        Document.objects.filter(pk=document.pk).update(
            created_at=timezone.make_aware(dt.datetime(2026, 3, day, 23, 30)))

    response = list_page(clerk_client, uploaded_from="2026-03-05", uploaded_to="2026-03-09")

    assert listed_ids(response) == [new.pk, mid.pk]


@pytest.mark.parametrize(("params", "message"), [
    ({"uploaded_from": "2026-13-45"}, "Enter a valid date."),
    ({"uploaded_from": "2026-03-09", "uploaded_to": "2026-03-01"}, "The end of the date range is before its start."),
    ({"uploaded_to": "9999-12-31"}, "Ensure this value is less than or equal to 2999-12-31."),
    ({"uploaded_from": "0001-01-01"}, "Ensure this value is greater than or equal to 2000-01-01."),
])
def test_a_bad_date_range_is_explained_not_a_500(clerk_client, clerk, params, message):
    certificate(clerk)
    response = list_page(clerk_client, **params)
    assert message in response.content.decode()


# --- filters ride along -----------------------------------------------------------------------------


def test_a_document_opened_from_a_filtered_list_links_back_to_it(clerk_client, clerk):
    document = certificate(clerk, status=Status.FAILED, company_name="한빛")
    html = list_page(clerk_client, q="한빛", status="failed", sort="company").content.decode()
    link = re.search(rf'href="(/documents/{document.pk}/\?back=[^"]+)"', html).group(1).replace("&amp;", "&")

    detail = clerk_client.get(link).content.decode()

    back = re.search(r'href="([^"]+)" id="back-to-list"', detail).group(1).replace("&amp;", "&")
    assert back == "/?q=%ED%95%9C%EB%B9%9B&status=failed&sort=company"
    assert 'name="back" value="q=%ED%95%9C%EB%B9%9B&amp;status=failed&amp;sort=company"' in detail  # in Retry

def test_retry_from_a_filtered_list_returns_to_that_list_and_is_audited(clerk_client, clerk):
    document = certificate(clerk, status=Status.FAILED)

    response = clerk_client.post(reverse("documents:retry", kwargs={"pk": document.pk}),
                                 {"back": "status=failed&q=cert&page=2&next=//evil.example"})

    assert response.status_code == 302
    assert response["Location"] == "/?q=cert&status=failed&page=2"  # only the list's own parameters
    assert AuditEvent.objects.filter(document=document, actor=clerk, note="retry").exists()


def test_retry_without_a_list_to_return_to_stays_on_the_document(clerk_client, clerk):
    document = certificate(clerk, status=Status.FAILED)
    response = clerk_client.post(reverse("documents:retry", kwargs={"pk": document.pk}))
    assert response["Location"] == reverse("documents:detail", kwargs={"pk": document.pk})


def test_a_review_opened_from_a_filtered_list_returns_to_it(client, reviewer, clerk):
    document = certificate(clerk, status=Status.APPROVED)
    client.force_login(reviewer)
    client.post(reverse("documents:send_to_review", kwargs={"pk": document.pk}))
    task = document.review_task
    url = reverse("reviews:review", kwargs={"pk": task.pk}) + "?back=status%3Dneeds_review"
    client.post(reverse("reviews:claim", kwargs={"pk": task.pk}) + "?back=status%3Dneeds_review")

    response = client.post(url, {"action": "skip"})

    assert response.status_code == 302 and response["Location"] == "/?status=needs_review"


# --- saved filters ----------------------------------------------------------------------------------


def test_a_saved_filter_is_the_users_own_and_survives_edits_of_documents(clerk_client, clerk, django_user_model):
    failed = certificate(clerk, seed=1, status=Status.FAILED, company_name="한빛")
    clerk_client.post(reverse("documents:filter_save"),
                      {"name": "Failed Hanbit", "query": "status=failed&q=한빛&page=3"})
    saved = SavedFilter.objects.get(user=clerk)
    assert saved.query == "q=%ED%95%9C%EB%B9%9B&status=failed"  # filters only, never the page

    clerk_client.post(reverse("documents:retry", kwargs={"pk": failed.pk}))  # an edit: it is no longer failed
    Document.objects.filter(pk=failed.pk).update(status=Status.FAILED)  # and fails again

    page = list_page(clerk_client)
    assert "Failed Hanbit" in page.content.decode()
    assert listed_ids(clerk_client.get(f"/?{saved.query}")) == [failed.pk]
    assert SavedFilter.objects.get(pk=saved.pk).query == saved.query

    other = django_user_model.objects.create_user("other")
    clerk_client.force_login(other)
    assert "Failed Hanbit" not in list_page(clerk_client).content.decode()
    clerk_client.post(reverse("documents:filter_delete", kwargs={"pk": saved.pk}))
    assert SavedFilter.objects.filter(pk=saved.pk).exists()  # not theirs to remove


# --- queries ----------------------------------------------------------------------------------------


def _fill(uploader, n: int) -> None:
    for i in range(n):
        (certificate(uploader, seed=i) if i % 2 else card(uploader, number=f"54123456789{i:05d}"))


LIST_QUERIES = 15  # session, user, role checks (6), count (on PostgreSQL the planner's estimate first), the page's
# ids, its rows with their annotations, the unread notifications, saved filters, businesses


@pytest.mark.parametrize("params", [{}, {"q": "한빛", "sort": "-company"}, {"q": "116-82", "sort": "number"}])
def test_the_list_costs_the_same_queries_for_5_or_25_rows(clerk_client, clerk, django_assert_max_num_queries, params):
    _fill(clerk, 25)
    with django_assert_max_num_queries(LIST_QUERIES):
        list_page(clerk_client, **params)
    Document.objects.filter(pk__in=list(Document.objects.values_list("pk", flat=True)[:20])).delete()
    with django_assert_max_num_queries(LIST_QUERIES):
        list_page(clerk_client, **params)


def test_the_action_menu_offers_only_what_the_user_may_do(client, reviewer, clerk):
    certificate(clerk)
    client.force_login(clerk)
    html = list_page(client).content.decode()
    assert 'value="retry"' in html and 'value="review"' not in html and 'value="erase"' not in html
    client.force_login(reviewer)
    html = list_page(client).content.decode()
    assert 'value="review"' in html and 'value="erase"' not in html  # erasing is an administrator's
