from django.urls import path

from arena.supply import views

app_name = "supply"
urlpatterns = [
    path("losningar/", views.solution_list, name="solution_list"),
    path("losningar/ny/", views.solution_create, name="solution_create"),
    path("losningar/<slug:slug>/", views.solution_detail, name="solution_detail"),
    path("losningar/<slug:slug>/redigera/", views.solution_edit, name="solution_edit"),
    path("losningar/<slug:slug>/publicera/", views.solution_publish, name="solution_publish"),
    path("losningar/<slug:slug>/avpublicera/", views.solution_unpublish, name="solution_unpublish"),
    path("mina-losningar/", views.my_solutions, name="my_solutions"),
    path("foretag/<slug:slug>/", views.company_detail, name="company_detail"),
    path("foretag/<slug:slug>/profil/", views.company_profile_edit, name="company_profile_edit"),
    path("foretag/<slug:slug>/kontakter/", views.contact_persons, name="contact_persons"),
    path(
        "foretag/<slug:slug>/kontakter/<int:contact_person_id>/ta-bort/",
        views.contact_person_delete,
        name="contact_person_delete",
    ),
    path("foretag/<slug:slug>/referenser/", views.customer_references, name="customer_references"),
    path(
        "foretag/<slug:slug>/referenser/<int:customer_reference_id>/ta-bort/",
        views.customer_reference_delete,
        name="customer_reference_delete",
    ),
]
