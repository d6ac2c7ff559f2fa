from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from arena.notices import selectors
from arena.notices.enums import RequirementKind
from arena.notices.forms import NoticeFilterForm
from arena.ui.htmx import is_htmx
from arena.ui.pagecache import public_page

PAGE_SIZE = 20
PAGE_PARAMETER = "sida"


@require_GET
@public_page(
    params=("q", "cpv", "kind", "region", "country", "open_only", "innovation", "green", "sida")
)
def notice_list(request: HttpRequest) -> HttpResponse:
    form = NoticeFilterForm(request.GET)
    notices = selectors.notice_list(**form.filters())
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAMETER))
    params = request.GET.copy()
    params.pop(PAGE_PARAMETER, None)
    context = {
        "form": form,
        "page": page,
        "notices": page.object_list,
        "filter_query": params.urlencode(),
        "page_parameter": PAGE_PARAMETER,
        "now": timezone.now(),
        "htmx": is_htmx(request),
    }
    template = "notices/notice_list.html#results" if context["htmx"] else "notices/notice_list.html"
    return render(request, template, context)


def _requirement_rows(requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds = dict(RequirementKind.choices)
    return [
        {**requirement, "kind_label": kinds.get(str(requirement.get("kind")), kinds["other"])}
        for requirement in requirements
        if isinstance(requirement, dict)
    ]


@require_GET
@public_page
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get(pk=pk)
    labels = selectors.notice_cpv_labels(notice=notice)
    language = (get_language() or "sv")[:2]
    translation: dict[str, str] = {}
    if notice.language != language and isinstance(notice.translations, dict):
        translation = notice.translations.get(language) or {}
    lots = [
        {"lot": lot, "cpv": [labels.get(code) or code for code in lot.cpv_codes]}
        for lot in notice.lots.all()
    ]
    context = {
        "notice": notice,
        "translation": translation,
        "cpv_codes": list(notice.cpv_codes.all()),
        "cpv_main": labels.get(notice.cpv_main),
        "lots": lots,
        "requirements": _requirement_rows(notice.requirements or []),
        "is_open": bool(notice.deadline and notice.deadline >= timezone.now()),
    }
    # The alerts app may extend this page (its "fits your company" panel fills the block
    # notice_company_panel); without it the plain page renders.
    return render(request, "notices/notice_detail.html", context)
