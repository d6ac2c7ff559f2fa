from django.urls import path

from arena.impact import views
from arena.impact.enums import ScopeKind

app_name = "impact"

# Swedish path segments for each scope; the platform's pages sit at the root.
_SCOPED = {
    ScopeKind.ORGANISATION: "organisation",
    ScopeKind.NETWORK: "natverk",
    ScopeKind.PROGRAMME: "program",
}

urlpatterns = [
    path("", views.dashboard, name="platform"),
    path("effekter.csv", views.export_csv, name="platform_csv"),
    path("effekter.xlsx", views.export_xlsx, name="platform_xlsx"),
    path("rapport.pdf", views.export_pdf, name="platform_pdf"),
]
for kind, segment in _SCOPED.items():
    extra = {"kind": kind}
    urlpatterns += [
        path(f"{segment}/<slug:slug>/", views.dashboard, extra, name=kind),
        path(f"{segment}/<slug:slug>/effekter.csv", views.export_csv, extra, name=f"{kind}_csv"),
        path(f"{segment}/<slug:slug>/effekter.xlsx", views.export_xlsx, extra, name=f"{kind}_xlsx"),
        path(f"{segment}/<slug:slug>/rapport.pdf", views.export_pdf, extra, name=f"{kind}_pdf"),
    ]
