from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.alerts import selectors, services
from arena.alerts.enums import Frequency
from arena.alerts.forms import SubscriptionForm
from arena.matches.enums import verdict_from_form
from arena.ui.htmx import is_htmx


def _bad_verdict() -> HttpResponse:
    return HttpResponseBadRequest(
        _("Unknown verdict: choose relevant or not relevant."),
        content_type="text/plain; charset=utf-8",
    )


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's company's alerts, or a choice when they belong to several."""
    companies = selectors.alert_companies_of_user(user=request.user)
    if len(companies) == 1:
        return redirect("alerts:company", slug=companies[0].slug)
    return render(request, "alerts/home.html", {"companies": companies})


@login_required
@require_GET
def company(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Notices that fit the company, with the reasons; members only."""
    organisation = selectors.alert_company_get(slug=slug, user=request.user)
    open_only = request.GET.get("oppna") == "1"
    rows = selectors.notice_suggestions_for(
        organisation=organisation, viewer=request.user, open_only=open_only
    )
    subscription = selectors.subscription_for(user=request.user, organisation=organisation)
    form = SubscriptionForm(
        initial={"frequency": subscription.frequency if subscription else Frequency.OFF}
    )
    return render(
        request,
        "alerts/company.html",
        {
            "organisation": organisation,
            "rows": rows,
            "open_only": open_only,
            "form": form,
            "subscription": subscription,
            "readiness_link": selectors.readiness_url(organisation=organisation),
        },
    )


@login_required
@require_POST
def subscription(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.alert_company_get(slug=slug, user=request.user)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            services.alert_subscription_set(
                user=request.user,
                organisation=organisation,
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError:
            raise Http404 from None
        messages.success(request, _("Saved."))
        return redirect("alerts:company", slug=organisation.slug)
    rows = selectors.notice_suggestions_for(organisation=organisation, viewer=request.user)
    return render(
        request,
        "alerts/company.html",
        {
            "organisation": organisation,
            "rows": rows,
            "open_only": False,
            "form": form,
            "subscription": selectors.subscription_for(
                user=request.user, organisation=organisation
            ),
            "readiness_link": selectors.readiness_url(organisation=organisation),
        },
        status=400,
    )


@login_required
@require_POST
def feedback(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Relevant / not relevant on a notice, for the company; 404 for anyone outside it."""
    organisation = selectors.alert_company_get(slug=slug, user=request.user)
    notice = selectors.notice_get(pk=pk)
    try:
        verdict = verdict_from_form(request.POST.get("verdict", ""))
    except ValueError:
        return _bad_verdict()
    try:
        services.notice_feedback_set(
            user=request.user, organisation=organisation, notice=notice, verdict=verdict
        )
    except ValidationError:
        raise Http404 from None
    if is_htmx(request):
        return render(
            request,
            "alerts/_feedback.html",
            {"organisation": organisation, "notice": notice, "verdict": verdict},
        )
    return redirect("alerts:company", slug=organisation.slug)


def _panel(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = selectors.alert_company_get(slug=slug, user=request.user)
    notice = selectors.notice_get(pk=pk)
    panel = selectors.notice_panel_for(
        notice=notice, organisation=organisation, viewer=request.user
    )
    if is_htmx(request):
        return render(request, "alerts/_panel.html", {"panel": panel})
    return render(
        request,
        "alerts/notice.html",
        {"panel": panel, "notice_url": selectors.notice_url(notice=notice)},
    )


@login_required
@require_GET
def company_notice(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Why a notice fits the company and how the company stands against its requirements."""
    return _panel(request, slug, pk)


@require_GET
def notice_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel for the notice page (fetched with hx-get): the viewer's company, if any.

    The notice itself is public, so a visitor without a company gets an empty answer rather
    than a login page or an error swapped into the notice page.
    """
    notice = selectors.notice_get(pk=pk)
    user = request.user
    if not user.is_authenticated:
        return HttpResponse("")
    companies = selectors.alert_companies_of_user(user=user)
    chosen = request.GET.get("foretag", "")
    organisation = next((c for c in companies if c.slug == chosen), None) or (
        companies[0] if companies else None
    )
    if organisation is None:
        return HttpResponse("")
    panel = selectors.notice_panel_for(notice=notice, organisation=organisation, viewer=user)
    return render(
        request,
        "alerts/_panel.html",
        {
            "panel": panel,
            "companies": companies if len(companies) > 1 else [],
            "panel_url": reverse("alerts:notice_panel", args=[notice.pk]),
        },
    )
