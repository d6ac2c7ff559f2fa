from django.contrib import admin

from arena.networks.models import Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "slug", "programme"]
    raw_id_fields = ["programme"]
    search_fields = ["name"]
    filter_horizontal = ["organisations"]
