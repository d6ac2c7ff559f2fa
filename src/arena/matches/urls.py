from django.urls import path

from arena.matches import views

app_name = "matches"
urlpatterns = [
    path(
        "matchningar/<int:challenge_id>/<int:solution_id>/omdome/",
        views.feedback,
        name="feedback",
    ),
    path("mitt-arena/matchningar/", views.company_matches, name="company_matches"),
]
