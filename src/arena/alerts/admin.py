from django.contrib import admin

from arena.alerts.models import AlertSubscription, NoticeFeedback, NoticeSuggestion


@admin.register(NoticeSuggestion)
class NoticeSuggestionAdmin(admin.ModelAdmin[NoticeSuggestion]):
    list_display = ["organisation", "notice", "score", "computed_at", "first_seen_at"]
    raw_id_fields = ["organisation", "notice"]


@admin.register(NoticeFeedback)
class NoticeFeedbackAdmin(admin.ModelAdmin[NoticeFeedback]):
    list_display = ["notice", "organisation", "user", "verdict", "created_at"]
    list_filter = ["verdict"]
    raw_id_fields = ["notice", "organisation", "user"]


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin[AlertSubscription]):
    list_display = ["user", "organisation", "frequency", "last_sent_at"]
    list_filter = ["frequency"]
    raw_id_fields = ["user", "organisation"]
