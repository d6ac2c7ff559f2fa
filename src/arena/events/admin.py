from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from arena.events.models import (
    Event,
    FollowUp,
    LogEntry,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Pitch,
    Registration,
    ScheduleRun,
    Session,
)


class SessionInline(admin.TabularInline[Session, Event]):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "kind", "date", "status", "registration_open"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["programme", "network", "created_by"]
    filter_horizontal = ["organisers"]
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["organisation", "event", "side", "status", "team_capacity"]
    list_filter = ["status", "side"]
    raw_id_fields = ["event", "organisation", "registered_by", "people"]


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin[Pitch]):
    list_display = ["title", "event", "registration"]
    raw_id_fields = ["event", "registration", "solution", "challenge"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin[MeetingRequest]):
    list_display = ["sender", "receiver", "priority", "status", "created_at"]
    raw_id_fields = ["event", "sender", "receiver", "created_by", "answered_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["event", "buyer", "company", "slot", "table", "is_published"]
    raw_id_fields = ["event", "buyer", "company"]


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(admin.ModelAdmin[MeetingOutcome]):
    list_display = ["meeting", "registration", "result", "rating"]
    # The notes belong to the organisation that wrote them.
    exclude = ["notes"]
    raw_id_fields = ["meeting", "registration", "recorded_by"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin[FollowUp]):
    list_display = ["meeting", "registration", "due_on", "sent_at", "answer"]
    raw_id_fields = ["meeting", "registration"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin[ScheduleRun]):
    list_display = ["event", "status", "progress", "objective", "bound", "created_at"]
    raw_id_fields = ["event", "started_by"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin[LogEntry]):
    """The equal-treatment log is append-only: the admin only reads it."""

    list_display = ["at", "event", "action", "actor_organisation", "subject_organisation"]
    list_filter = ["action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
