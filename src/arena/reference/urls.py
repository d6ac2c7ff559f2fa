from django.urls import path

from arena.reference import views

app_name = "reference"
urlpatterns = [
    path("cpv/", views.cpv_search, name="cpv_search"),
    path("cpv/forslag/", views.cpv_suggest_codes, name="cpv_suggest"),
    path("delmal/", views.sdg_target_search, name="sdg_target_search"),
    path("kommuner/", views.municipality_search, name="municipality_search"),
    path("regioner/", views.region_search, name="region_search"),
]
