"""Impact pages: the platform's, a network's and a programme's are public; an organisation's is for
its members (404 for anyone else). Figures always count only what the viewer may see."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from arena.accounts.models import User
from arena.impact import charts, exports, selectors
from arena.impact.enums import Breakdown, ScopeKind, Stage
from arena.impact.forms import PeriodForm, period_form
from arena.impact.selectors import PLATFORM, ImpactFigures, Scope

ScopeGetter = Callable[[HttpRequest, str], Scope]


def _viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _platform(request: HttpRequest, slug: str) -> Scope:
    return PLATFORM


def _organisation(request: HttpRequest, slug: str) -> Scope:
    return selectors.scope_for_organisation(slug=slug, viewer=_viewer(request))


def _network(request: HttpRequest, slug: str) -> Scope:
    scope = selectors.scope_for_network(slug=slug, viewer=_viewer(request))
    # An unlisted network's name and figures stay with those inside it: 404, as on its own page.
    if not request.user.has_perm("networks.view_network", scope.network):
        raise Http404
    return scope


def _programme(request: HttpRequest, slug: str) -> Scope:
    return selectors.scope_for_programme(slug=slug, viewer=_viewer(request))


SCOPES: dict[str, ScopeGetter] = {
    ScopeKind.PLATFORM: _platform,
    ScopeKind.ORGANISATION: _organisation,
    ScopeKind.NETWORK: _network,
    ScopeKind.PROGRAMME: _programme,
}


def _figures(request: HttpRequest, kind: str, slug: str) -> tuple[PeriodForm, ImpactFigures]:
    scope = SCOPES[kind](request, slug)
    form = period_form(request.GET)
    figures = selectors.impact_figures(
        viewer=_viewer(request), scope=scope, period=form.period(), step=form.chosen_step()
    )
    return form, figures


@require_GET
def dashboard(request: HttpRequest, kind: str = ScopeKind.PLATFORM, slug: str = "") -> HttpResponse:
    form, figures = _figures(request, kind, slug)
    table_stages = [stage for stage in Stage if stage != Stage.MATCH]
    breakdowns = [
        {
            "kind": key,
            "label": selectors.breakdown_label(key),
            "rows": figures.breakdowns[key],
            "chart": charts.breakdown_chart(figures.breakdowns[key]),
            "table": [
                (row.label, [row.counts[stage] for stage in table_stages])
                for row in figures.breakdowns[key]
            ],
        }
        for key in Breakdown.values
    ]
    context = {
        "kind": kind,
        "slug": slug,
        "form": form,
        "figures": figures,
        "funnel_chart": charts.funnel_chart(figures.funnel),
        "series_chart": charts.series_chart(figures.series),
        "table_stages": table_stages,
        "series_rows": [
            (point.label, [point.counts[stage] for stage in table_stages])
            for point in figures.series
        ],
        "method_note": exports.method_note(),
        "breakdowns": breakdowns,
        "key_figures": selectors.key_figures(figures),
        "exports": _export_urls(kind, slug, request.GET.urlencode()),
    }
    return render(request, "impact/dashboard.html", context)


def _export_urls(kind: str, slug: str, query: str) -> dict[str, str]:
    prefix = "platform" if kind == ScopeKind.PLATFORM else kind
    kwargs = {"slug": slug} if slug else {}
    suffix = f"?{query}" if query else ""
    return {
        extension: reverse(f"impact:{prefix}_{extension}", kwargs=kwargs) + suffix
        for extension in ("csv", "xlsx", "pdf")
    }


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'


@require_GET
def export_csv(
    request: HttpRequest, kind: str = ScopeKind.PLATFORM, slug: str = ""
) -> StreamingHttpResponse:
    _form, figures = _figures(request, kind, slug)
    response = StreamingHttpResponse(
        exports.csv_lines(figures), content_type="text/csv; charset=utf-8"
    )
    _attachment(response, exports.filename(figures, "csv"))
    return response


@require_GET
def export_xlsx(
    request: HttpRequest, kind: str = ScopeKind.PLATFORM, slug: str = ""
) -> HttpResponse:
    _form, figures = _figures(request, kind, slug)
    response = HttpResponse(exports.xlsx_bytes(figures), content_type=exports.XLSX_TYPE)
    _attachment(response, exports.filename(figures, "xlsx"))
    return response


@require_GET
def export_pdf(
    request: HttpRequest, kind: str = ScopeKind.PLATFORM, slug: str = ""
) -> HttpResponse:
    _form, figures = _figures(request, kind, slug)
    response = HttpResponse(exports.pdf_bytes(figures), content_type=exports.PDF_TYPE)
    _attachment(response, exports.filename(figures, "pdf"))
    return response
