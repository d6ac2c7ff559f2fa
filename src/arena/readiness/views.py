from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.organisations.models import Organisation
from arena.readiness import selectors, services
from arena.readiness.checklist import BY_ID
from arena.readiness.espd import (
    CRITERIA,
    EspdImportError,
    ImportResult,
    espd_response_parse,
)
from arena.readiness.forms import AnswerForm, CertificateForm, EspdImportForm, ProfileForm
from arena.readiness.models import ReadinessAnswer
from arena.ui.htmx import is_htmx

SESSION_KEY = "readiness-espd-import-{}"


def _import_error(code: str) -> str:
    return {
        "too_large": _("The file is too large for an ESPD Response."),
        "doctype": _(
            "The file declares a DOCTYPE or entities, which an ESPD Response never needs; it was "
            "not read."
        ),
        "malformed": _("The file is not well-formed XML."),
        "wrong_root": _(
            "The file is XML but not an ESPD Response (QualificationApplicationResponse)."
        ),
    }.get(code, _("The file could not be read."))


_CRITERION_NAMES = {criterion.code: criterion.name for criterion in CRITERIA.values()}


def _import_warning(code: str) -> str:
    """A problem the ESPD parser reported, as a sentence for the preview page."""
    kind, _sep, rest = code.partition(":")
    subject, _sep, detail = rest.partition(":")
    item = BY_ID.get(subject)
    what = f"{item.id} {item.title}" if item else _CRITERION_NAMES.get(subject, subject)
    params = {"what": what, "detail": detail}
    if kind == "currency":
        return _("%(what)s: the amount is in %(detail)s, not SEK, and was not imported.") % params
    if kind == "amount":
        return _("%(what)s: the amount is not a number of kronor and was not imported.") % params
    if kind == "amount_too_large":
        return _("%(what)s: the amount is too large to be real and was not imported.") % params
    if kind == "year":
        return (
            _("%(what)s: the financial year %(detail)s is not plausible and was not imported.")
            % params
        )
    if kind == "date":
        return _("%(what)s: “%(detail)s” is not a date and was not imported.") % params
    if kind == "date_future":
        return (
            _("%(what)s: the evidence issue date %(detail)s is in the future and was not imported.")
            % params
        )
    if kind == "date_order":
        return (
            _(
                "%(what)s: the evidence expiry date %(detail)s is not after the issue date and was "
                "not imported."
            )
            % params
        )
    if kind == "reference_long":
        return (
            _(
                "%(what)s: where the evidence is kept is longer than %(detail)s characters; only the "
                "first %(detail)s are imported."
            )
            % params
        )
    return code


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    companies = list(selectors.companies_of_user(user=request.user))
    if len(companies) == 1:
        return redirect("readiness:overview", companies[0].slug)
    return render(request, "readiness/index.html", {"companies": companies})


def _overview_context(
    request: AuthenticatedHttpRequest, organisation: Organisation, **forms_: Any
) -> dict[str, Any]:
    overview = selectors.readiness_overview(organisation=organisation)
    can_change = request.user.has_perm(selectors.CHANGE, organisation)
    context: dict[str, Any] = {
        "overview": overview,
        "organisation": organisation,
        "can_change": can_change,
        "today": timezone.localdate(),
    }
    if can_change:
        context["profile_form"] = forms_.get("profile_form") or ProfileForm(
            initial=ProfileForm.initial_from(overview.profile)
        )
        context["certificate_form"] = forms_.get("certificate_form") or CertificateForm()
        context["import_form"] = forms_.get("import_form") or EspdImportForm()
    return context


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.company_get_for_user(slug=slug, user=request.user)
    return render(request, "readiness/overview.html", _overview_context(request, organisation))


def _item_or_404(item_id: str) -> Any:
    item = BY_ID.get(item_id)
    if item is None:
        raise Http404
    return item


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedHttpRequest, slug: str, item_id: str) -> HttpResponse:
    """Inline edit of one checklist answer (HTMX swaps the item; without HTMX, a plain page)."""
    organisation = selectors.company_get_for_user(
        slug=slug, user=request.user, perm=selectors.CHANGE
    )
    item = _item_or_404(item_id)
    state = selectors.item_state_for(organisation=organisation, item_id=item.id)
    context = {"organisation": organisation, "state": state, "can_change": True}
    if request.method == "GET" and request.GET.get("cancel"):
        return render(request, "readiness/overview.html#item", context)
    if request.method == "POST":
        form = AnswerForm(request.POST, item=item)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.answer_set(
                    organisation=organisation,
                    actor=request.user,
                    item_id=item.id,
                    status=data["status"],
                    note=data["note"],
                    evidence_issued_on=data["evidence_issued_on"],
                    evidence_expires_on=data.get("evidence_expires_on"),
                    evidence_reference=data["evidence_reference"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if not is_htmx(request):
                    return redirect(
                        reverse("readiness:overview", args=[organisation.slug]) + f"#{item.id}"
                    )
                context["state"] = selectors.item_state_for(
                    organisation=organisation, item_id=item.id
                )
                context["saved"] = True
                return render(request, "readiness/overview.html#item", context)
    else:
        answer: ReadinessAnswer | None = state.answer  # type: ignore[assignment]
        form = AnswerForm(item=item, initial=AnswerForm.initial_from(answer))
    context["form"] = form
    if is_htmx(request):
        # HTMX swaps only 2xx answers, so a form with errors comes back as 200.
        return render(request, "readiness/overview.html#item_form", context)
    return render(request, "readiness/item.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def profile_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.company_get_for_user(
        slug=slug, user=request.user, perm=selectors.CHANGE
    )
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.profile_update(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The company's facts were saved."))
            return redirect(reverse("readiness:overview", args=[organisation.slug]) + "#profile")
    context = _overview_context(request, organisation, profile_form=form)
    return render(request, "readiness/overview.html", context, status=400)


@login_required
@require_POST
def certificate_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.company_get_for_user(
        slug=slug, user=request.user, perm=selectors.CHANGE
    )
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_add(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The certificate was added."))
            return redirect(
                reverse("readiness:overview", args=[organisation.slug]) + "#certificates"
            )
    context = _overview_context(request, organisation, certificate_form=form)
    return render(request, "readiness/overview.html", context, status=400)


@login_required
@require_POST
def certificate_delete(
    request: AuthenticatedHttpRequest, slug: str, certificate_id: int
) -> HttpResponse:
    organisation = selectors.company_get_for_user(
        slug=slug, user=request.user, perm=selectors.CHANGE
    )
    if not services.certificate_delete(organisation=organisation, certificate_id=certificate_id):
        raise Http404
    messages.success(request, _("The certificate was removed."))
    return redirect(reverse("readiness:overview", args=[organisation.slug]) + "#certificates")


@login_required
@require_GET
def espd_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.company_get_for_user(slug=slug, user=request.user)
    data = selectors.espd_export_for(
        organisation=organisation,
        contact_name=request.user.full_name,
        contact_email=request.user.email,
    )
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="espd-{organisation.slug}.xml"'
    return response


@login_required
@require_POST
def espd_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Read an uploaded ESPD Response and show what would change; nothing is written yet."""
    organisation = selectors.company_get_for_user(
        slug=slug, user=request.user, perm=selectors.CHANGE
    )
    form = EspdImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = espd_response_parse(
                form.cleaned_data["file"],
                item_criteria=selectors.espd_item_criteria(),
                today=timezone.localdate(),
                reference_max=services.EVIDENCE_REFERENCE_MAX,
            )
        except EspdImportError as error:
            form.add_error("file", _import_error(str(error)))
        else:
            request.session[SESSION_KEY.format(organisation.pk)] = result.to_json()
            return render(
                request,
                "readiness/import_preview.html",
                _preview_context(organisation, result),
            )
    context = _overview_context(request, organisation, import_form=form)
    return render(request, "readiness/overview.html", context, status=400)


def _preview_context(organisation: Organisation, result: ImportResult) -> dict[str, Any]:
    overview = selectors.readiness_overview(organisation=organisation)
    current = {state.item.id: state for state in overview.states}
    rows = []
    for item_id, imported in sorted(result.answers.items()):
        state = current[item_id]
        rows.append({"item": state.item, "current": state.answer, "imported": imported})
    return {
        "organisation": organisation,
        "profile": overview.profile,
        "rows": rows,
        "result": result,
        "warnings": [_import_warning(code) for code in result.warnings],
    }


@login_required
@require_POST
def espd_import_confirm(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.company_get_for_user(
        slug=slug, user=request.user, perm=selectors.CHANGE
    )
    stored = request.session.pop(SESSION_KEY.format(organisation.pk), None)
    if stored is None:
        messages.error(request, _("There is no ESPD import waiting: upload the file again."))
        return redirect(reverse("readiness:overview", args=[organisation.slug]) + "#espd")
    try:
        count = services.espd_import_apply(
            organisation=organisation, actor=request.user, result=ImportResult.from_json(stored)
        )
    except ValidationError as error:
        # The preview reports what the parser leaves out, so this is a value the database
        # refuses after all (or a date that has since become invalid): say so and keep everything.
        problems = [str(message) for message in error.messages]
        messages.error(
            request,
            _("Nothing was imported: %(problems)s Upload the file again after correcting it.")
            % {"problems": " ".join(problems)},
        )
        return redirect(reverse("readiness:overview", args=[organisation.slug]) + "#espd")
    messages.success(
        request, _("%(count)s answers were imported from the ESPD.") % {"count": count}
    )
    return redirect("readiness:overview", organisation.slug)
