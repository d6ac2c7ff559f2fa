from django.contrib import admin

from arena.readiness.models import Certificate, ReadinessAnswer, ReadinessProfile, ReminderSent


class AnswerInline(admin.TabularInline[ReadinessAnswer, ReadinessProfile]):
    model = ReadinessAnswer
    extra = 0
    fields = [
        "item_id",
        "status",
        "evidence_issued_on",
        "evidence_expires_on",
        "evidence_reference",
    ]


class CertificateInline(admin.TabularInline[Certificate, ReadinessProfile]):
    model = Certificate
    extra = 0


@admin.register(ReadinessProfile)
class ReadinessProfileAdmin(admin.ModelAdmin[ReadinessProfile]):
    list_display = ["organisation", "annual_turnover_sek", "insurance_valid_until", "updated_at"]
    search_fields = ["organisation__name"]
    raw_id_fields = ["organisation", "updated_by"]
    inlines = [AnswerInline, CertificateInline]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin[ReminderSent]):
    list_display = ["organisation", "subject", "expires_on", "days_before", "sent_at"]
    list_filter = ["days_before"]
    raw_id_fields = ["organisation"]
