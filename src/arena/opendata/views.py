"""Open data: a page describing it, the OCDS release package and a CSV, all public and streamed."""

import csv
import json
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from arena.opendata import releases, selectors
from arena.opendata.releases import CSV_HEADER, LICENCE_URL, OCDS_VERSION

PAGES = {"challenge": "needs:challenge_detail", "event": "events:detail"}


def _absolute(request: HttpRequest) -> releases.Url:
    def url(kind: str, slug: str) -> str:
        return request.build_absolute_uri(reverse(PAGES[kind], kwargs={"slug": slug}))

    return url


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "releases_url": request.build_absolute_uri(reverse("opendata:releases")),
        "csv_url": request.build_absolute_uri(reverse("opendata:challenges_csv")),
        "licence_url": LICENCE_URL,
        "ocid_prefix": releases.ocid_prefix(),
        "csv_header": CSV_HEADER,
    }
    return render(request, "opendata/index.html", context)


def _package_lines(request: HttpRequest) -> Iterator[str]:
    url = _absolute(request)
    last_change = selectors.open_data_last_change() or timezone.now()
    head = {
        "uri": request.build_absolute_uri(reverse("opendata:releases")),
        "version": OCDS_VERSION,
        "publishedDate": timezone.localtime(last_change).isoformat(timespec="seconds"),
        "publisher": {"name": "Arena"},
        "license": LICENCE_URL,
        "publicationPolicy": request.build_absolute_uri(reverse("opendata:index")),
    }
    # The package is written by hand around the releases so it streams one release at a time.
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "releases": [\n'
    # Open data speaks Swedish whatever the visitor's language (labels of kinds and statuses).
    with translation.override("sv"):
        for index, challenge in enumerate(selectors.open_challenges_streamed()):
            prefix = ",\n" if index else ""
            yield prefix + json.dumps(releases.release(challenge, url), ensure_ascii=False)
    yield "\n]}\n"


@require_GET
def releases_json(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _package_lines(request), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def _csv_lines(request: HttpRequest) -> Iterator[str]:
    url = _absolute(request)
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    with translation.override("sv"):
        for challenge in selectors.open_challenges_streamed():
            yield writer.writerow([_cell(value) for value in releases.csv_row(challenge, url)])


@require_GET
def challenges_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(request), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="utmaningar.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
