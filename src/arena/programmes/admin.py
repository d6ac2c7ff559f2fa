from django.contrib import admin

from arena.programmes.models import Application, Cohort, Programme, ProgrammeResource, Reminder


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["__str__", "owner", "starts_on", "ends_on", "is_open_for_applications"]
    list_filter = ["is_open_for_applications"]
    search_fields = ["name_sv", "name_en", "owner__name"]
    raw_id_fields = ["owner", "region"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["name", "programme", "starts_on", "ends_on", "is_open"]
    raw_id_fields = ["programme"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["__str__", "programme", "participant_kind", "status", "submitted_at"]
    list_filter = ["status", "participant_kind"]
    search_fields = ["organisation__name", "applicant__email", "programme__name_sv"]
    raw_id_fields = [
        "programme",
        "cohort",
        "organisation",
        "applicant",
        "agreement_accepted_by",
        "decided_by",
    ]


@admin.register(ProgrammeResource)
class ProgrammeResourceAdmin(admin.ModelAdmin[ProgrammeResource]):
    list_display = ["title", "programme", "kind", "members_only", "created_at"]
    raw_id_fields = ["programme", "created_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin[Reminder]):
    list_display = ["application", "programme", "sent_by", "sent_at"]
    raw_id_fields = ["programme", "application", "sent_by"]
