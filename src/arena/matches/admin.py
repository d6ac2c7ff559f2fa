from django.contrib import admin

from arena.matches.models import MatchFeedback, Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin[Suggestion]):
    list_display = ["challenge", "solution", "side", "score", "computed_at"]
    list_filter = ["side"]
    raw_id_fields = ["challenge", "solution"]


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(admin.ModelAdmin[MatchFeedback]):
    list_display = ["challenge", "solution", "organisation", "user", "verdict", "created_at"]
    list_filter = ["verdict"]
    raw_id_fields = ["challenge", "solution", "organisation", "user"]
