from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from arena.knowledge import selectors
from arena.knowledge.forms import GuideFilterForm
from arena.knowledge.models import Guide
from arena.ui.htmx import is_htmx
from arena.ui.pagecache import public_page


@require_GET
@public_page(params=("q", "topic", "kind"))
def guide_list(request: HttpRequest) -> HttpResponse:
    form = GuideFilterForm(request.GET)
    context = {
        "form": form,
        "guides": list(selectors.guide_list_published(**form.filters())),
        "htmx": is_htmx(request),
    }
    template = (
        "knowledge/guide_list.html#results" if context["htmx"] else "knowledge/guide_list.html"
    )
    return render(request, template, context)


@require_GET
@public_page
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        guide = selectors.guide_get_published(slug=slug)
    except Guide.DoesNotExist:
        raise Http404 from None
    context = {"guide": guide, "related": selectors.guides_related(guide=guide)}
    return render(request, "knowledge/guide_detail.html", context)
