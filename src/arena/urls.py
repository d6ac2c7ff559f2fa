from django.contrib import admin
from django.urls import include, path

from arena.api.urls import api

urlpatterns = [
    path("", include("arena.ui.urls")),
    path("konto/", include("arena.accounts.urls")),
    path("", include("arena.needs.urls")),
    path("", include("arena.supply.urls")),
    path("organisationer/", include("arena.organisations.urls")),
    path("program/", include("arena.programmes.urls")),
    path("evenemang/", include("arena.events.urls")),
    path("piloter/", include("arena.pilots.urls")),
    path("", include("arena.matches.urls")),
    path("upphandlingar/", include("arena.notices.urls")),
    path("upphandlingsbarhet/", include("arena.readiness.urls")),
    path("bevakning/", include("arena.alerts.urls")),
    path("kunskapsbank/", include("arena.knowledge.urls")),
    path("natverk/", include("arena.networks.urls")),
    path("effekter/", include("arena.impact.urls")),
    path("oppna-data/", include("arena.opendata.urls")),
    path("referens/", include("arena.reference.urls")),
    path("mina-uppgifter/", include("arena.privacy.urls")),
    path("", include("arena.operations.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
