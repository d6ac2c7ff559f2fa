from django.contrib import admin

from arena.notices.models import Notice, NoticeLot


class NoticeLotInline(admin.TabularInline[NoticeLot, Notice]):
    model = NoticeLot
    extra = 0
    can_delete = False
    fields = (
        "position",
        "lot_id",
        "title",
        "cpv_codes",
        "nuts_codes",
        "estimated_value",
        "sme_suitable",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    """Read-mostly: notices come from imports (`arena notices import`); only the buyer link is edited."""

    list_display = [
        "title",
        "kind",
        "source",
        "source_id",
        "buyer_name",
        "country",
        "published_on",
        "deadline",
    ]
    list_filter = ["source", "kind", "country", "is_innovation", "is_green", "cpv_suggested"]
    search_fields = ["title", "source_id", "buyer_name", "buyer_identifier"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["buyer"]
    inlines = [NoticeLotInline]
    fields = (
        "source", "source_id", "procedure_id", "schema_version", "kind", "subtype", "language",
        "title", "description", "translations", "buyer_name", "buyer_identifier", "buyer_town",
        "buyer", "country", "contract_nature", "procedure_type", "cpv_main", "cpv_codes",
        "cpv_suggested", "nuts_codes", "published_on", "deadline", "estimated_value", "currency",
        "is_innovation", "is_green", "is_social", "sme_suitable", "requirements", "url",
        "imported_at", "updated_at",
    )  # fmt: skip
    readonly_fields = [f for f in fields if f != "buyer"]

    def has_add_permission(self, request) -> bool:
        return False
