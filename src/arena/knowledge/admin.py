from django.contrib import admin

from arena.knowledge.models import Guide


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin[Guide]):
    list_display = ("slug", "title_sv", "topic", "kind", "is_published", "is_shipped", "updated_at")
    list_filter = ("topic", "kind", "is_published", "is_shipped")
    search_fields = ("slug", "title_sv", "title_en")
    readonly_fields = ("is_shipped", "created_at", "updated_at")
