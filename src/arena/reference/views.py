"""Public search endpoints behind the pickers (reference data is public).

With a `name` parameter they answer with an HTML fragment of matches for a picker: boxes named
`name`, plus an out-of-band update of the picker's status line. Without one (a plain link or a
browser without JavaScript), they show a small search page. Bad parameters get a 400 with a
one-line plain-text explanation, which picker.js shows in the status line.
"""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arena.reference.suggest import cpv_suggest
from arena.reference.widgets import (
    CPV,
    MUNICIPALITIES,
    QUERY_MAX_LENGTH,
    REGIONS,
    SDG_TARGETS,
    PickerVocabulary,
    picker_items,
    picker_results,
)

# The form fields whose words describe the thing being coded (challenge, solution, profile).
SUGGEST_FIELDS = (
    "title_sv",
    "title_en",
    "text_sv",
    "text_en",
    "problem",
    "desired_effects",
    "pitch",
    "description",
)

# Field names and ids as Django makes them ("cpv_codes", "form-0-cpv_codes"), safe in a CSS selector.
_NAME = re.compile(r"[A-Za-z_][\w-]{0,99}")
_ID = re.compile(r"[A-Za-z_][\w-]{0,149}")


def _bad_request(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _search(request: HttpRequest, vocabulary: PickerVocabulary) -> HttpResponse:
    name = request.GET.get("name")
    if name is None:
        query = request.GET.get("q", "").strip()
        if len(query) > QUERY_MAX_LENGTH:
            return _bad_request(_("The search text is too long."))
        items, status = (
            picker_results(vocabulary, id_="search", query=query, chosen=()) if query else ([], "")
        )
        return render(
            request,
            "reference/search.html",
            {"vocabulary": vocabulary, "query": query, "results": items, "status": status},
        )
    if not _NAME.fullmatch(name):
        return _bad_request(_("The parameter “name” must be a form field name."))
    id_ = request.GET.get("id") or f"id_{name}"
    if not _ID.fullmatch(id_):
        return _bad_request(_("The parameter “id” must be an HTML id."))
    multiple = request.GET.get("multiple", "1")
    if multiple not in {"0", "1"}:
        return _bad_request(_("The parameter “multiple” must be 0 or 1."))
    query = request.GET.get(f"{name}__q", request.GET.get("q", "")).strip()
    if len(query) > QUERY_MAX_LENGTH:
        return _bad_request(_("The search text is too long."))
    items, status = picker_results(
        vocabulary, id_=id_, query=query, chosen=request.GET.getlist(name)
    )
    if not query:
        status = ""
    return render(
        request,
        "reference/widgets/picker.html#results",
        {
            "name": name,
            "input_type": "checkbox" if multiple == "1" else "radio",
            "results": items,
            "status": status,
            "status_id": f"{id_}_status",
        },
    )


@require_GET
def cpv_search(request: HttpRequest) -> HttpResponse:
    return _search(request, CPV)


@require_GET
def sdg_target_search(request: HttpRequest) -> HttpResponse:
    return _search(request, SDG_TARGETS)


@require_GET
def municipality_search(request: HttpRequest) -> HttpResponse:
    return _search(request, MUNICIPALITIES)


@require_GET
def region_search(request: HttpRequest) -> HttpResponse:
    return _search(request, REGIONS)


@require_POST
def cpv_suggest_codes(request: HttpRequest) -> HttpResponse:
    """Suggested CPV codes for the words already typed in the form, as picker matches."""
    name = request.GET.get("name", "")
    if not _NAME.fullmatch(name):
        return _bad_request(_("The parameter “name” must be a form field name."))
    id_ = request.GET.get("id") or f"id_{name}"
    if not _ID.fullmatch(id_):
        return _bad_request(_("The parameter “id” must be an HTML id."))
    text = "\n".join(request.POST.get(field, "") for field in SUGGEST_FIELDS)
    codes = cpv_suggest(text=text)
    items = picker_items(CPV, id_=id_, values=codes, chosen=request.POST.getlist(name))
    if not any(ch.isalpha() for ch in text):
        status = _("Write a title or a description first, then ask for suggestions.")
    elif items:
        status = _("Suggested from the text: tick the codes that fit.")
    else:
        status = _("No suggestions for this text.")
    return render(
        request,
        "reference/widgets/picker.html#results",
        {
            "name": name,
            "input_type": "checkbox",
            "results": items,
            "status": status,
            "status_id": f"{id_}_status",
        },
    )
