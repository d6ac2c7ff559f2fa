from django.contrib import admin

from arena.pilots.models import GroupMember, Pilot, PilotDocument, ProjectGroup, Threshold


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin[Threshold]):
    list_display = [
        "kind",
        "buyer_type",
        "contract_type",
        "amount_sek",
        "amount_eur",
        "valid_from",
        "valid_to",
        "note",
    ]
    list_filter = ["kind", "buyer_type", "contract_type"]
    search_fields = ["source", "note"]


class GroupMemberInline(admin.TabularInline[GroupMember, ProjectGroup]):
    model = GroupMember
    raw_id_fields = ["user", "organisation"]
    extra = 0


@admin.register(ProjectGroup)
class ProjectGroupAdmin(admin.ModelAdmin[ProjectGroup]):
    list_display = ["name", "challenge", "created_at"]
    search_fields = ["name", "challenge__title_sv"]
    raw_id_fields = ["challenge", "meeting", "created_by"]
    filter_horizontal = ["companies"]
    inlines = [GroupMemberInline]


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin[Pilot]):
    list_display = ["title", "group", "status", "status_changed_at", "notice_id"]
    list_filter = ["status", "route"]
    search_fields = ["title", "notice_id"]
    raw_id_fields = ["group", "solutions", "meetings"]


@admin.register(PilotDocument)
class PilotDocumentAdmin(admin.ModelAdmin[PilotDocument]):
    list_display = ["filename", "pilot", "kind", "language", "version", "created_at"]
    list_filter = ["kind", "language", "file_format"]
    raw_id_fields = ["pilot", "created_by"]
    exclude = ["content"]
