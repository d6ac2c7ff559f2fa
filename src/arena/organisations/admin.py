from django.contrib import admin

from arena.organisations.models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "org_number", "municipality", "region"]
    list_filter = ["kind", "size_class", "is_startup"]
    search_fields = ["name", "org_number"]
    raw_id_fields = ["municipality", "region"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
