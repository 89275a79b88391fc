"""The reviewer pages. Thin: each parses input, calls one service or selector, and renders."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents import list_links, roles
from documents.selectors import duplicate_of_id

from . import presenters, selectors, services
from .forms import QueueFilterForm, RejectForm, additions_from, category_additions_from, corrections_from
from .models import ReviewTask


def role_required(check):
    """Logged in, and in a group that `check` accepts; checked on the server for every request."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(_("Your role does not allow this page."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


reviewer_required = role_required(roles.user_is_reviewer)
admin_required = role_required(roles.user_is_admin)


def queue_filters(data) -> dict[str, str]:
    """The reviewer's queue filters (kind, reason) from a query string or form; unknown values are dropped."""
    form = QueueFilterForm(data)
    form.is_valid()
    return {name: form.cleaned_data[name] for name in ("kind", "reason") if form.cleaned_data.get(name)}


def filter_query(filters: dict[str, str]) -> str:
    """`?kind=…&reason=…` for the filters in force, "" when there are none."""
    return f"?{urlencode(filters)}" if filters else ""


@reviewer_required
@require_GET
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    filters = queue_filters(request.GET)
    return render(request, "reviews/queue.html", {
        "filters": QueueFilterForm(request.GET or None),
        "summary": selectors.queue_summary(),
        "page": selectors.queue_page(**filters, page=request.GET.get("page")),
        "kind": filters.get("kind", ""),
        "reason": filters.get("reason", ""),
        "filter_query": filter_query(filters),
    })


@reviewer_required
@require_GET
@never_cache
def queue_status(request: HttpRequest) -> JsonResponse:
    """The queue page's counts and oldest age, polled by the page so they stay current without a reload."""
    return JsonResponse(selectors.queue_status())


def _open_next(request: HttpRequest, *, filters: dict[str, str]) -> HttpResponse:
    """Claim the next task that matches the reviewer's filters and open it, keeping the filters in the URL."""
    task = services.task_claim_next(user=request.user, **filters)
    query = filter_query(filters)
    if task is None:
        if filters:
            messages.success(request, _("Nothing that matches your filters is waiting for you."))
        else:
            messages.success(request, _("The queue is empty: nothing is waiting for you."))
        return redirect(reverse("reviews:queue") + query)
    return redirect(reverse("reviews:review", kwargs={"pk": task.pk}) + query)


@reviewer_required
@require_POST
def next_task(request: HttpRequest) -> HttpResponse:
    return _open_next(request, filters=queue_filters(request.POST))


@reviewer_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(ReviewTask, pk=pk)
    back = list_links.back_query(request.GET)
    query = filter_query({**queue_filters(request.GET), **({list_links.BACK: back} if back is not None else {})})
    try:
        services.task_claim(task=task, user=request.user)
    except services.ReviewError as error:
        messages.warning(request, error.message)
        return redirect(reverse("reviews:queue") + query)
    return redirect(reverse("reviews:review", kwargs={"pk": task.pk}) + query)


@reviewer_required
@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the document back to the queue without deciding; the reviewer lands on the queue, filters kept."""
    task = get_object_or_404(ReviewTask, pk=pk)
    query = filter_query(queue_filters(request.GET))
    try:
        services.task_release(task=task, user=request.user)
    except services.ReviewError as error:
        messages.warning(request, error.message)
    else:
        messages.info(request, _("Released #%(id)s: it is back in the queue.") % {"id": task.document_id})
    return redirect(reverse("reviews:queue") + query)


@reviewer_required
@require_http_methods(["GET", "POST"])
@never_cache
def review(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(ReviewTask.objects.select_related(
        "document__extraction", "document__uploader", "claimed_by", "resolved_by"), pk=pk)
    if services.four_eyes() and task.document.uploader_id == request.user.pk:
        raise PermissionDenied(_("You uploaded this document, so someone else must review it."))
    filters = queue_filters(request.GET)  # the queue's filters ride along, so "next" keeps to them
    back = list_links.back_query(request.GET)  # opened from a filtered document list: a decision returns there
    problems: dict[int | str, str] = {}
    reject_form = RejectForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        duplicates = request.POST.get("apply_to_duplicates") == "1"
        try:
            if action == "approve":
                corrections = corrections_from(request.POST, fields=task.document.extraction.fields.all())
                repeated = services.task_approve(
                    task=task, user=request.user, corrections=corrections, additions=additions_from(request.POST),
                    category_additions=category_additions_from(request.POST), duplicates=duplicates,
                )
                messages.success(request, _("Approved #%(id)s.") % {"id": task.document_id})
                _say_repeated(request, repeated)
            elif action == "reject":
                reject_form = RejectForm(request.POST)
                if not reject_form.is_valid():
                    raise services.ReviewError(_("Choose a reason for the rejection."))
                repeated = services.task_reject(
                    task=task, user=request.user, reason=reject_form.cleaned_data["reject_reason"],
                    note=reject_form.cleaned_data["reject_note"], duplicates=duplicates,
                )
                messages.success(request, _("Rejected #%(id)s.") % {"id": task.document_id})
                _say_repeated(request, repeated)
            elif action == "skip":
                services.task_skip(task=task, user=request.user)
                messages.info(request, _("Skipped #%(id)s.") % {"id": task.document_id})
            else:
                raise services.ReviewError(_("Unknown action."))
        except services.ValidationFailed as failed:
            for p in failed.problems:
                problems[p.field_id] = problems[p.field_name] = p.message
            messages.error(request, failed.message)
            status = 400
        except services.ReviewError as error:
            messages.error(request, error.message)
            status = 400
        else:
            if back is not None:
                return redirect(list_links.list_url(back))
            return _open_next(request, filters=filters)
    if request.method == "POST":
        task.refresh_from_db()  # the action failed: show the task as it stands now
    screen = presenters.review_screen(task=task)
    if request.method == "POST":
        screen.apply_posted(request.POST)
    for view in screen.fields:
        view.problem = problems.get(view.pk if view.pk else view.name, "")
    for row in screen.categories:
        row.problem = problems.get(row.problem_key, "")
    screen.category_problem = problems.get(services.CATEGORY_LIMIT_KEY, "")
    live = services.claim_expiry()
    holds = task.claimed_by_id == request.user.pk and task.claimed_at is not None
    return render(request, "reviews/review.html", {
        "screen": screen,
        "task": task,
        "reject_form": reject_form,
        "holds_claim": holds and task.is_open,
        "claim_minutes": int(live.total_seconds() // 60),
        "check_messages": presenters.check_messages(),
        "filter_query": filter_query({**filters, **({list_links.BACK: back} if back is not None else {})}),
        "duplicate_of": duplicate_of_id(document=task.document),
        "open_duplicates": services.open_duplicate_tasks(task=task, user=request.user) if task.is_open else [],
        "left": selectors.queue_left(user=request.user, besides=task, **filters),
        "filtered": bool(filters),
    }, status=status)


def _say_repeated(request: HttpRequest, repeated: int) -> None:
    if repeated:
        messages.success(request, ngettext(
            "The same decision was applied to %(n)d duplicate.", "The same decision was applied to %(n)d duplicates.",
            repeated,
        ) % {"n": repeated})


@admin_required
@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    return render(request, "reviews/metrics.html", presenters.metrics_page())
