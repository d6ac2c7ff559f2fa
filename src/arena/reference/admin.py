"""Reference vocabularies in the admin: look, search, never edit (`arena load-reference` owns them)."""

from typing import Any

from django.contrib import admin

from arena.reference.models import (
    CpvCode,
    CpvExample,
    Municipality,
    NutsCode,
    Region,
    SdgGoal,
    SdgTarget,
)
from arena.reference.text import fold


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Viewable and searchable; rows change only by loading the data files again."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # search_text holds folded text; SQLite's LIKE folds only ASCII, so fold the query too.
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(CpvCode)
class CpvCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "check_digit", "level", "label_sv", "label_en", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "search_text"]
    list_select_related = ["parent"]


@admin.register(SdgGoal)
class SdgGoalAdmin(ReadOnlyAdmin):
    list_display = ["number", "short_title_sv", "short_title_en"]
    search_fields = ["short_title_sv", "short_title_en", "title_en"]

    def get_search_results(self, request, queryset, search_term):
        # No search_text here: match the titles as they are.
        return admin.ModelAdmin.get_search_results(self, request, queryset, search_term)


@admin.register(SdgTarget)
class SdgTargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "goal", "title_en"]
    list_filter = ["goal"]
    search_fields = ["code", "search_text"]
    list_select_related = ["goal"]


@admin.register(NutsCode)
class NutsCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "level", "label_sv", "label_en", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "label_sv", "label_en"]

    def get_search_results(self, request, queryset, search_term):
        return admin.ModelAdmin.get_search_results(self, request, queryset, search_term)


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "county_name", "nuts"]
    search_fields = ["code", "search_text"]


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "search_text"]
    list_select_related = ["region"]


@admin.register(CpvExample)
class CpvExampleAdmin(ReadOnlyAdmin):
    """The classifier's labelled examples: written by notice imports, never by hand."""

    list_display = ["source", "language", "code", "title", "model", "updated_at"]
    list_filter = ["language", "model"]
    search_fields = ["source", "code", "title"]
    exclude = ["vector"]

    def get_search_results(self, request, queryset, search_term):
        # No folded column here: plain search.
        return admin.ModelAdmin.get_search_results(self, request, queryset, search_term)
