from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from arena.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "language")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "full_name", "password1", "password2")}),)
