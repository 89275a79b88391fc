"""Pages of the business registry: the list with open alerts, a business with its timeline, and its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.failures import note_for
from documents.paging import EstimatedCountPaginator
from documents.selectors import user_is_operator, user_sees_all_documents

from . import selectors, services
from .models import BusinessAlert, BusinessState


@require_GET
@login_required
def business_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    query = request.GET.get("q", "")
    page = EstimatedCountPaginator(selectors.business_list(user=request.user, state=state, query=query), 50).get_page(
        request.GET.get("page")
    )
    selectors.failures_as_seen_by(request.user, businesses=page.object_list)
    return render(request, "registry/list.html", {
        "page": page,
        "businesses": page.object_list,
        "alerts": selectors.alerts_open(user=request.user)[:50],
        "states": BusinessState.choices,
        "state": state,
        "query": query,
        "simulated": selectors.provider_is_simulated(),
    })


@require_GET
@login_required
def business_detail(request: HttpRequest, number: str) -> HttpResponse:
    business = selectors.business_for_display(user=request.user, number=number)
    if business is None:
        raise Http404
    timeline = selectors.business_timeline(business=business)
    selectors.failures_as_seen_by(request.user, businesses=[business], checks=timeline)
    return render(request, "registry/detail.html", {
        "business": business,
        "timeline": timeline,
        "documents": selectors.business_documents(user=request.user, business=business),
        "alerts": business.alerts.filter(acknowledged_at__isnull=True),
        "can_check": user_sees_all_documents(request.user),
        "can_simulate": request.user.is_staff and selectors.provider_is_simulated(),
        "simulated": selectors.provider_is_simulated(),
        "states": BusinessState.choices,
    })


def _business_for_action(request: HttpRequest, number: str):
    business = selectors.business_for_display(user=request.user, number=number)
    if business is None:
        raise Http404
    if not user_sees_all_documents(request.user):
        raise PermissionDenied
    return business


@require_POST
@login_required
def business_check(request: HttpRequest, number: str) -> HttpResponse:
    """"Check now": one provider call for this business, in this request."""
    business = _business_for_action(request, number)
    if services.business_check_now(business=business, inline=True):
        business.refresh_from_db()
        if business.failures:
            error = note_for(business.last_error, operator=user_is_operator(request.user))
            messages.error(request, _("The check failed: %(error)s") % {"error": error})
        else:
            messages.success(request, _("Checked: %(state)s.") % {"state": business.get_state_display()})
    else:
        messages.info(request, _("A check of this business is already under way."))
    return redirect("registry:detail", number=business.number)


@require_POST
@login_required
def business_simulate(request: HttpRequest, number: str) -> HttpResponse:
    """Staff, simulated provider only: set what the simulated tax office says about this number, then check it."""
    business = _business_for_action(request, number)
    if not (request.user.is_staff and selectors.provider_is_simulated()):
        raise PermissionDenied
    state = request.POST.get("state", "")
    if state not in BusinessState.values:
        messages.error(request, _("Choose a state."))
        return redirect("registry:detail", number=business.number)
    forged = request.POST.get("forged")  # the page's form sends only a state: leave authenticity as it was
    authentic = None if forged is None else forged != "1"
    services.simulated_status_set(number=business.number, state=state, authentic=authentic)
    services.business_check_now(business=business, inline=True)
    messages.success(request, _("The simulated tax office now says: %(state)s.") % {
        "state": BusinessState(state).label})
    return redirect("registry:detail", number=business.number)


@require_POST
@login_required
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(BusinessAlert.objects.select_related("business"), pk=pk)
    _business_for_action(request, alert.business.number)
    services.alert_acknowledge(alert=alert, user=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "registry:list"
    return redirect(target)
