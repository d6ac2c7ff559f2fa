from django.contrib import admin

from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution


@admin.register(CompanyProfile)
class CompanyProfileAdmin(admin.ModelAdmin[CompanyProfile]):
    list_display = ["organisation", "founded_year", "employees", "updated_at"]
    search_fields = ["organisation__name", "pitch"]
    raw_id_fields = ["organisation"]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin[ContactPerson]):
    list_display = ["name", "company", "role", "email", "is_public"]
    search_fields = ["name", "email", "company__name"]
    raw_id_fields = ["company"]


@admin.register(CustomerReference)
class CustomerReferenceAdmin(admin.ModelAdmin[CustomerReference]):
    list_display = ["customer_name", "company", "year", "is_public_customer"]
    search_fields = ["customer_name", "company__name"]
    raw_id_fields = ["company", "customer", "solution"]


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin[Solution]):
    list_display = ["__str__", "organisation", "stage", "trl", "status", "published_at"]
    list_filter = ["status", "stage", "trl"]
    search_fields = ["title_sv", "title_en", "organisation__name"]
    raw_id_fields = ["organisation", "cpv_codes", "sdg_targets"]
    readonly_fields = ["created_at", "updated_at"]
