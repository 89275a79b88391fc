"""Staff pages. Thin: parse the request, call one service or selector, shape the answer."""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import bulk, cards, export, failures, list_links, roles, saved_filters, selectors, services
from .forms import BulkActionForm, DocumentFilterForm, KindForm, SavedFilterForm, UploadForm
from .kinds import UNFINISHED, Kind, Status
from .models import Document, Extraction
from .ocr.base import WRONG_KIND
from .paging import EstimatedCountPaginator
from .uploads import UploadRejected
from .validation import formatted_registration_number

PAGE_SIZE = 25
PDF_PREVIEW_SCALE = 2.0  # pixels per PDF point in the rendered preview (144 dpi)
NO_STORE = "private, no-store"


def _visible_document(request: HttpRequest, pk: int) -> Document:
    document = selectors.document_for_display(user=request.user, document_id=pk)
    if document is None:
        raise Http404(_("No such document."))
    return document


def _failure(request: HttpRequest, *, error_code: str, error_message: str) -> failures.Failure | None:
    return failures.failure_for(
        error_code=error_code, error_message=error_message, operator=selectors.user_is_operator(request.user)
    )


def _status_payload(
    request: HttpRequest, *, document_id: int, status: str, error_code: str, error_message: str
) -> dict:
    failure = _failure(request, error_code=error_code, error_message=error_message) if status == Status.FAILED else None
    return {
        "id": document_id,
        "status": status,
        "status_label": str(Status(status).label),
        "finished": status not in UNFINISHED,
        "error_message": failure.message if failure else "",
    }


# --- Upload ---------------------------------------------------------------------------------


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    rejections: list[str] = []
    if request.method == "POST" and form.is_valid():
        created: list[Document] = []
        for file in form.cleaned_data["files"]:
            try:
                created.append(
                    services.document_create(uploader=request.user, kind=form.cleaned_data["kind"], upload=file)
                )
            except UploadRejected as rejection:
                rejections.append(rejection.message)
        if created:
            for message in rejections:
                messages.error(request, message)
            duplicates = selectors.duplicate_of_ids(documents=created)
            for document in created:
                if first := duplicates.get(document.pk):
                    messages.warning(request, _("#%(id)s (%(name)s) is the same file as #%(first)s.") % {
                        "id": document.pk, "name": document.original_name, "first": first})
            messages.success(
                request,
                ngettext("%(n)d document received.", "%(n)d documents received.", len(created)) % {"n": len(created)},
            )
            if len(created) == 1 and not rejections:
                return redirect("documents:detail", pk=created[0].pk)
            return redirect("documents:list")
    return _upload_page(request, form, rejections=rejections, status=400 if request.method == "POST" else 200)


def _upload_page(
    request: HttpRequest, form: UploadForm, *, rejections: list[str], status: int, refused: str = ""
) -> HttpResponse:
    return render(
        request,
        "documents/upload.html",
        {"form": form, "rejections": rejections, "refused": refused, "max_bytes": settings.UPLOAD_MAX_BYTES,
         "max_pdf_pages": settings.UPLOAD_MAX_PDF_PAGES, "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
         "too_many_files": _too_many_files_message()},
        status=status,
    )


def _too_many_files_message() -> str:
    return _(
        "At most %(n)d files can be sent in one upload; nothing was stored. Send them in smaller batches."
    ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES}


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Django refuses a form with more files than DATA_UPLOAD_MAX_NUMBER_FILES while parsing it, before
    any view runs, so nothing is stored; the upload page then says the limit instead of a bare "Bad Request"."""
    if (
        isinstance(exception, TooManyFilesSent)
        and request.path == reverse("documents:upload")
        and request.user.is_authenticated
    ):
        return _upload_page(request, UploadForm(), rejections=[], status=400, refused=_too_many_files_message())
    return defaults.bad_request(request, exception)


# --- List -----------------------------------------------------------------------------------


SORTABLE_COLUMNS = ("id", "status", "kind", "name", "company", "number", "uploaded")


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the URL that sorts by it (ascending first, the other way when it is the current sort)
    and its current direction ("asc", "desc" or "")."""
    links = {}
    for key in SORTABLE_COLUMNS:
        direction = "desc" if current == f"-{key}" else "asc" if current == key else ""
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if direction == "asc" else key
        links[key] = {"url": f"?{query.urlencode()}", "direction": direction}
    return links


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    filters = DocumentFilterForm(request.GET)
    query = filters.query()
    documents = selectors.with_duplicate_of(selectors.document_list(user=request.user, query=query))
    page = EstimatedCountPaginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page.object_list:
        document.card_number_display = cards.mask(document.card_number_masked) if document.card_number_masked else ""
        document.registration_number_display = formatted_registration_number(
            document.registration_number or "")
    filter_query = saved_filters.clean_query(request.GET.urlencode())
    return render(
        request,
        "documents/list.html",
        {"page": page, "documents": page.object_list, "filters": filters, "filtered": query.narrows,
         "sort": query.sort, "sort_links": _sort_links(request, query.sort),
         "back": list_links.clean_list_query(request.GET.urlencode()), "filter_query": filter_query,
         "saved_filters": saved_filters.saved_filters(user=request.user),
         "kinds": Kind, "can_review": services.may_send_to_review(user=request.user),
         "can_erase": roles.user_is_admin(request.user)},
    )


@login_required
@require_GET
def document_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The filtered list, every page of it: CSV streamed row by row, Excel up to EXPORT_XLSX_MAX_ROWS documents."""
    query = DocumentFilterForm(request.GET).query()
    documents = selectors.document_list(user=request.user, query=query)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        response: HttpResponse = StreamingHttpResponse(
            export.csv_lines(documents.iterator(chunk_size=export.CHUNK)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="documents-{stamp}.csv"'
        return response
    try:
        handle = export.xlsx_file(documents, sheet_title=str(_("Documents")))
    except export.TooManyRows as too_many:
        messages.error(request, too_many.message)
        return redirect(list_links.list_url(list_links.clean_list_query(request.GET.urlencode())))
    return FileResponse(
        handle, as_attachment=True, filename=f"documents-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def document_bulk(request: HttpRequest) -> HttpResponse:
    """Checked documents and an action, from the list; back to the same filtered list with one summary."""
    back = list_links.back_query(request.POST)
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(list_links.list_url(back))
    try:
        outcome = bulk.documents_bulk(
            user=request.user, action=form.cleaned_data["action"], document_ids=form.cleaned_data["ids"],
            kind=form.cleaned_data.get("kind") or "",
        )
    except bulk.BulkForbidden as refused:
        raise PermissionDenied(refused.message) from refused
    (messages.success if outcome.done else messages.warning)(request, outcome.summary())
    return redirect(list_links.list_url(back))


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    query = saved_filters.clean_query(request.POST.get("query", ""))
    if form.is_valid():
        saved = saved_filters.saved_filter_save(user=request.user, name=form.cleaned_data["name"], query=query)
        messages.success(request, _("Filter saved: %(name)s.") % {"name": saved.name})
    else:
        messages.error(request, _("Give the filter a name (at most 100 characters)."))
    return redirect(list_links.list_url(query))


@login_required
@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if saved_filters.saved_filter_delete(user=request.user, saved_filter_id=pk):
        messages.success(request, _("Saved filter removed."))
    return redirect(list_links.list_url(list_links.back_query(request.POST)))


@login_required
@require_GET
@never_cache
def document_statuses(request: HttpRequest) -> JsonResponse:
    ids = [int(part) for part in request.GET.get("ids", "").split(",")
           if re.fullmatch(r"[0-9]{1,12}", part.strip())][:PAGE_SIZE * 4]
    rows = selectors.document_statuses(user=request.user, document_ids=ids)
    return JsonResponse({"documents": [
        _status_payload(request, document_id=r["pk"], status=r["status"], error_code=r["error_code"],
                        error_message=r["error_message"])
        for r in rows
    ]})


# --- Detail ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """What the detail page shows for one field. Only the masked value of a card number is here."""

    position: int
    name: str
    label: str
    raw_key: str
    value: str
    confidence: float
    low_confidence: bool
    unverified: bool  # unsure, but not a field that decides: approved as read, nobody checked it
    points: str  # SVG polygon points, in the overlay's coordinate system; "" when the engine gave no box
    tag_x: str = ""  # where the row's number is drawn next to its box
    tag_y: str = ""
    verified_by: str = ""  # "nts": the tax office confirmed the value (documents.services.fields_mark_verified)
    verified_at: dt.datetime | None = None

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def confidence_percent(self) -> str:
        return f"{self.confidence * 100:.1f}%"


@dataclass(frozen=True)
class Overlay:
    """The coordinate space of the boxes: image pixels, or PDF points (the PDF preview is scaled to match)."""

    width: float
    height: float

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def stroke(self) -> str:
        return f"{max(self.width, self.height) / 450:.2f}"

    @property
    def tag_size(self) -> str:
        return f"{max(self.width, self.height) / 85:.1f}"


def _overlay(document: Document) -> Overlay | None:
    if not document.width or not document.height:
        return None
    return Overlay(width=float(document.width), height=float(document.height))


def _field_rows(extraction: Extraction | None) -> list[FieldRow]:
    if extraction is None:
        return []
    rows = []
    for field in extraction.fields.all():
        box = field.box if isinstance(field.box, list) and len(field.box) >= 3 else []
        xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
        rows.append(
            FieldRow(
                position=field.position,
                name=field.name,
                label=field.label,
                raw_key=field.raw_key,
                value=field.display_value,
                confidence=field.confidence,
                low_confidence=field.confidence < settings.REVIEW_CONFIDENCE_THRESHOLD,
                unverified=field.unverified,
                points=" ".join(f"{float(x):g},{float(y):g}" for x, y in box),
                tag_x=f"{min(xs):g}" if box else "",
                tag_y=f"{min(ys):g}" if box else "",
                verified_by=field.verified_by,
                verified_at=field.verified_at,
            )
        )
    return rows


@dataclass(frozen=True)
class CategoryRow:
    """One business category (업태/종목) on the detail page, with where each half's box is drawn."""

    number: int  # 1 = the main category
    type: str
    item: str
    main: bool
    type_position: int | None  # the field row (and box) of each half; None for a half nobody read or typed
    item_position: int | None


def _category_rows(extraction: Extraction | None) -> list[CategoryRow]:
    if extraction is None:
        return []
    fields = extraction.fields.all()
    positions = {(f.name, f.index): f.position for f in fields}
    return [
        CategoryRow(
            number=number,
            type=category.type,
            item=category.item,
            main=category.main,
            type_position=positions.get(("business_type", category.index)),
            item_position=positions.get(("business_item", category.index)),
        )
        for number, category in enumerate(selectors.business_categories(fields=fields), start=1)
    ]


def _extraction_or_none(document: Document) -> Extraction | None:
    try:
        return document.extraction
    except Document.extraction.RelatedObjectDoesNotExist:
        return None


@login_required
@never_cache
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    extraction = _extraction_or_none(document)
    rows = _field_rows(extraction)
    wrong_kind = document.status == Status.FAILED and document.error_code == WRONG_KIND  # retrying reads it the same
    back = list_links.back_query(request.GET)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "extraction": extraction,
            "fields": rows,
            "categories": _category_rows(extraction),
            "overlay": _overlay(document),
            "boxed_count": sum(1 for row in rows if row.points),
            "low_confidence_count": sum(1 for row in rows if row.low_confidence),
            "unverified_count": sum(1 for row in rows if row.unverified),
            "low_confidence_threshold": settings.REVIEW_CONFIDENCE_THRESHOLD,  # below it a value is doubtful
            "can_retry": document.status == Status.FAILED and not wrong_kind,
            "failure": _failure(request, error_code=document.error_code, error_message=document.error_message),
            "wrong_kind": wrong_kind,
            "other_kinds": [kind for kind in Kind if kind != document.kind]
            if services.may_change_kind(document=document, user=request.user) else [],
            "can_send_to_review": document.status in services.DECIDED
            and services.may_send_to_review(user=request.user),
            "back": back,
            "list_url": list_links.list_url(back),
        },
    )


@login_required
@require_GET
@never_cache
def document_status(request: HttpRequest, pk: int) -> JsonResponse:
    document = _visible_document(request, pk)
    return JsonResponse(_status_payload(request, document_id=document.pk, status=document.status,
                                        error_code=document.error_code, error_message=document.error_message))


@login_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    if services.document_retry(document=document, actor=request.user):
        messages.success(request, _("The document was sent to be read again."))
    else:
        messages.info(request, _("Only a failed document can be retried."))
    return _after_action(request, document)


@login_required
@require_POST
def document_change_kind(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    form = KindForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of document to read it as."))
    elif services.document_change_kind(document=document, kind=form.cleaned_data["kind"], actor=request.user):
        messages.success(
            request, _("The document will be read again as: %(kind)s.") % {"kind": document.get_kind_display()}
        )
    elif document.kind == form.cleaned_data["kind"]:
        messages.info(request, _("The document is already read as: %(kind)s.") % {"kind": document.get_kind_display()})
    else:
        messages.info(request, _("The kind can be changed only after reading and before a decision."))
    return _after_action(request, document)


@login_required
@require_POST
def document_send_to_review(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    if not services.may_send_to_review(user=request.user):
        raise PermissionDenied(_("Only a reviewer may send documents to review."))
    if services.document_send_to_review(document=document, actor=request.user):
        messages.success(request, _("#%(id)s was sent to review.") % {"id": document.pk})
    else:
        messages.info(request, _("Only an approved or rejected document can be sent to review."))
    return _after_action(request, document)


def _after_action(request: HttpRequest, document: Document) -> HttpResponse:
    """Back to the filtered list the document was opened from, else to the document."""
    back = list_links.back_query(request.POST)
    if back is not None:
        return redirect(list_links.list_url(back))
    return redirect("documents:detail", pk=document.pk)


# --- The uploaded file ------------------------------------------------------------------------


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded file, to those who may see the document; `?page=N` renders a PDF page to PNG."""
    document = _visible_document(request, pk)
    if not document.file:
        raise Http404(_("No file is stored for this document."))
    if document.is_pdf and "page" in request.GET:
        page = int(request.GET["page"]) if re.fullmatch(r"[0-9]{1,6}", request.GET["page"]) else 1
        png = selectors.document_page_png(document=document, page=page, scale=PDF_PREVIEW_SCALE)
        response: HttpResponse = HttpResponse(png, content_type="image/png")
    elif settings.MEDIA_STORAGE == "s3":
        response = redirect(document.file.url)  # a short-lived signed URL (querystring_auth)
    else:
        response = FileResponse(
            document.file.open("rb"), content_type=document.content_type, filename=document.original_name
        )
    response["Cache-Control"] = NO_STORE
    response["X-Content-Type-Options"] = "nosniff"
    return response
