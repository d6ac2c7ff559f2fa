from django.contrib import admin

from arena.networks.models import (
    Case,
    Network,
    NetworkCoordinator,
    NetworkInvitation,
    NetworkLogEntry,
    Routine,
    Story,
)


class CoordinatorInline(admin.TabularInline[NetworkCoordinator, Network]):
    model = NetworkCoordinator
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "slug", "owner", "is_public", "programme"]
    list_filter = ["is_public"]
    raw_id_fields = ["programme", "owner"]
    search_fields = ["name"]
    filter_horizontal = ["organisations"]
    inlines = [CoordinatorInline]


@admin.register(NetworkInvitation)
class NetworkInvitationAdmin(admin.ModelAdmin[NetworkInvitation]):
    list_display = ["network", "organisation", "email", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["network", "organisation", "invited_by", "responded_by", "joined_organisation"]
    readonly_fields = ["token"]


@admin.register(NetworkLogEntry)
class NetworkLogEntryAdmin(admin.ModelAdmin[NetworkLogEntry]):
    list_display = ["network", "action", "organisation", "actor", "created_at"]
    list_filter = ["action"]
    raw_id_fields = ["network", "organisation", "actor"]

    def has_change_permission(self, request, obj=None):
        return False  # the log is kept as written


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    list_display = ["__str__", "network", "author_organisation", "visibility", "updated_at"]
    list_filter = ["visibility"]
    raw_id_fields = ["network", "author_organisation", "pilot", "challenge", "created_by"]
    filter_horizontal = ["cpv_codes"]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin[Routine]):
    list_display = ["title", "network", "author_organisation", "visibility"]
    raw_id_fields = ["network", "author_organisation", "created_by"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin[Story]):
    list_display = ["__str__", "organisation", "published_at"]
    raw_id_fields = ["pilot", "organisation", "created_by"]
