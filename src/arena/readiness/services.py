import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Organisation
from arena.readiness.checklist import BY_ID, REMINDER_DAYS, Item
from arena.readiness.enums import MAX_AMOUNT_SEK, AnswerStatus, Applicability, Standard
from arena.readiness.espd import ImportResult
from arena.readiness.models import Certificate, ReadinessAnswer, ReadinessProfile, ReminderSent
from arena.readiness.selectors import expiring_evidence

logger = logging.getLogger(__name__)

EVIDENCE_REFERENCE_MAX = ReadinessAnswer._meta.get_field("evidence_reference").max_length or 500


def profile_ensure(*, organisation: Organisation) -> ReadinessProfile:
    profile, _created = ReadinessProfile.objects.get_or_create(organisation=organisation)
    return profile


def amount_too_large_message() -> str:
    # Grouped with no-break spaces, as Swedish writes it and as English reads without ambiguity.
    limit = f"{MAX_AMOUNT_SEK:,}".replace(",", "\u00a0")
    return _("The amount cannot be more than %(limit)s SEK.") % {"limit": limit}


def _amount_check(errors: dict[str, str], name: str, value: int | None) -> None:
    if value is not None and value < 0:
        errors[name] = _("The amount cannot be negative.")
    elif value is not None and value > MAX_AMOUNT_SEK:
        errors[name] = amount_too_large_message()


@transaction.atomic
def profile_update(
    *,
    organisation: Organisation,
    actor: User | None,
    annual_turnover_sek: int | None,
    turnover_year: int | None,
    insurance_cover_sek: int | None,
    insurance_valid_until: datetime.date | None,
    processes_personal_data: bool,
    delivers_digital_services: bool,
    does_works: bool,
) -> ReadinessProfile:
    errors: dict[str, str] = {}
    _amount_check(errors, "annual_turnover_sek", annual_turnover_sek)
    _amount_check(errors, "insurance_cover_sek", insurance_cover_sek)
    if errors:
        raise ValidationError(errors)
    profile = profile_ensure(organisation=organisation)
    profile.annual_turnover_sek = annual_turnover_sek
    profile.turnover_year = turnover_year
    profile.insurance_cover_sek = insurance_cover_sek
    profile.insurance_valid_until = insurance_valid_until
    profile.processes_personal_data = processes_personal_data
    profile.delivers_digital_services = delivers_digital_services
    profile.does_works = does_works
    profile.updated_by = actor
    profile.save()
    return profile


def evidence_expiry(
    *, item: Item, issued_on: datetime.date | None, expires_on: datetime.date | None
) -> datetime.date | None:
    """Fixed-validity evidence expires a set number of days after issue; otherwise as entered."""
    if item.validity_days is not None:
        return issued_on + datetime.timedelta(days=item.validity_days) if issued_on else None
    return expires_on


def may_be_not_applicable(item: Item) -> bool:
    return item.may_be_not_applicable or item.applies != Applicability.ALWAYS


@transaction.atomic
def answer_set(
    *,
    organisation: Organisation,
    actor: User | None,
    item_id: str,
    status: str,
    note: str = "",
    evidence_issued_on: datetime.date | None = None,
    evidence_expires_on: datetime.date | None = None,
    evidence_reference: str = "",
) -> ReadinessAnswer:
    item = BY_ID.get(item_id)
    if item is None:
        raise ValidationError({"item_id": _("There is no such checklist item.")})
    if status not in AnswerStatus.values:
        raise ValidationError({"status": _("Choose one of the answers.")})
    if status == AnswerStatus.NOT_APPLICABLE and not may_be_not_applicable(item):
        raise ValidationError({"status": _("This item applies to every company.")})
    today = timezone.localdate()
    if evidence_issued_on is not None and evidence_issued_on > today:
        raise ValidationError({"evidence_issued_on": _("The issue date cannot be in the future.")})
    expires_on = evidence_expiry(
        item=item, issued_on=evidence_issued_on, expires_on=evidence_expires_on
    )
    if (
        expires_on is not None
        and evidence_issued_on is not None
        and expires_on <= evidence_issued_on
    ):
        raise ValidationError(
            {"evidence_expires_on": _("The expiry date must be after the issue date.")}
        )
    evidence_reference = evidence_reference.strip()
    if len(evidence_reference) > EVIDENCE_REFERENCE_MAX:
        raise ValidationError(
            {
                "evidence_reference": _(
                    "Where the evidence is kept can be at most %(max)s characters."
                )
                % {"max": EVIDENCE_REFERENCE_MAX}
            }
        )
    profile = profile_ensure(organisation=organisation)
    answer, _created = ReadinessAnswer.objects.update_or_create(
        profile=profile,
        item_id=item_id,
        defaults={
            "status": status,
            "note": note.strip(),
            "evidence_issued_on": evidence_issued_on,
            "evidence_expires_on": expires_on,
            "evidence_reference": evidence_reference,
            "updated_by": actor,
        },
    )
    return answer


def standard_normalise(text: str) -> str:
    """ "iso9001", "ISO-9001:2015", "Iso 9001" → "ISO 9001"; unknown names stay as typed."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    for standard in (Standard.ISO_9001, Standard.ISO_14001, Standard.ISO_27001):
        digits = standard.value.split()[1]
        if compact.startswith(("ISO" + digits, "ISOIEC" + digits, "SSENISO" + digits)):
            return standard.value
    if compact.startswith("EMAS"):
        return Standard.EMAS.value
    return " ".join(text.split())


@transaction.atomic
def certificate_add(
    *,
    organisation: Organisation,
    standard: str,
    certifying_body: str,
    valid_until: datetime.date,
) -> Certificate:
    name = standard_normalise(standard)
    if not name:
        raise ValidationError({"standard": _("Name the standard.")})
    profile = profile_ensure(organisation=organisation)
    return Certificate.objects.create(
        profile=profile,
        standard=name,
        certifying_body=certifying_body.strip(),
        valid_until=valid_until,
    )


def certificate_delete(*, organisation: Organisation, certificate_id: int) -> bool:
    deleted, _rows = Certificate.objects.filter(
        pk=certificate_id, profile__organisation=organisation
    ).delete()
    return deleted > 0


@transaction.atomic
def espd_import_apply(
    *, organisation: Organisation, actor: User | None, result: ImportResult
) -> int:
    """Write an ESPD import in one transaction; returns how many answers it set.

    Raises ValidationError, with nothing written, if a value does not fit; the parser reports
    such values as problems, so this only guards a result from elsewhere.
    """
    errors: dict[str, str] = {}
    _amount_check(errors, "annual_turnover_sek", result.turnover_sek)
    _amount_check(errors, "insurance_cover_sek", result.insurance_sek)
    if errors:
        raise ValidationError(errors)
    profile = profile_ensure(organisation=organisation)
    if result.turnover_sek is not None:
        profile.annual_turnover_sek = result.turnover_sek
        profile.turnover_year = result.turnover_year or profile.turnover_year
    if result.insurance_sek is not None:
        profile.insurance_cover_sek = result.insurance_sek
    profile.updated_by = actor
    profile.save()
    for imported in result.answers.values():
        existing = profile.answers.filter(item_id=imported.item_id).first()
        answer_set(
            organisation=organisation,
            actor=actor,
            item_id=imported.item_id,
            status=AnswerStatus.YES if imported.compliant else AnswerStatus.NO,
            note=existing.note if existing else "",
            evidence_issued_on=_parse_date(imported.issued_on, "evidence_issued_on"),
            evidence_expires_on=_parse_date(imported.expires_on, "evidence_expires_on"),
            evidence_reference=imported.evidence_reference,
        )
    return len(result.answers)


def _parse_date(text: str, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationError({name: _("Enter a valid date.")}) from None


## Reminders


def _reminder_due(days_left: int) -> int | None:
    """The reminder threshold (30 or 7) a piece of evidence has reached, or None."""
    for days in sorted(REMINDER_DAYS):
        if 0 <= days_left <= days:
            return days
    return None


def _label(subject: str, standard: str) -> str:
    if subject in BY_ID:
        item = BY_ID[subject]
        return f"{item.id} {item.title}"
    if subject == "insurance":
        return _("Liability insurance")
    return _("Certificate: %(standard)s") % {"standard": standard}


def readiness_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail company administrators 30 and 7 days before evidence expires; returns e-mails sent.

    Each (company, evidence, expiry date, threshold) is logged in ReminderSent once the reminder
    reached at least one administrator, so a later run never repeats it, and a company whose
    every e-mail failed is tried again on the next run. One company's or one recipient's failure
    is logged and does not hold back the others.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    due: dict[int, list[tuple[str, str, datetime.date, int]]] = defaultdict(list)
    for expiring in expiring_evidence(since=today, until=horizon):
        days = _reminder_due((expiring.expires_on - today).days)
        if days is None:
            continue
        if ReminderSent.objects.filter(
            organisation_id=expiring.organisation_id,
            subject=expiring.subject,
            expires_on=expiring.expires_on,
            days_before=days,
        ).exists():
            continue  # already announced
        due[expiring.organisation_id].append(
            (expiring.subject, expiring.standard, expiring.expires_on, days)
        )
    if not due:
        return 0
    organisations = Organisation.objects.in_bulk(list(due))
    sent = 0
    for organisation_id, entries in due.items():
        organisation = organisations[organisation_id]
        try:
            delivered = _reminders_send_to_admins(
                organisation=organisation, entries=entries, today=today
            )
        except Exception:
            logger.exception("Readiness reminders for organisation %s failed", organisation_id)
            continue
        if delivered:
            _reminders_record(organisation=organisation, entries=entries)
        sent += delivered
    return sent


def _reminders_send_to_admins(
    *,
    organisation: Organisation,
    entries: list[tuple[str, str, datetime.date, int]],
    today: datetime.date,
) -> int:
    recipients = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=MembershipRole.ADMIN,
        is_active=True,
    ).order_by("pk")
    url = settings.SITE_URL.rstrip("/") + reverse("readiness:overview", args=[organisation.slug])
    # A line break in a header makes the mail library refuse the whole message.
    company = " ".join(organisation.name.split())
    delivered = 0
    for recipient in recipients:
        try:
            with translation.override(recipient.language or settings.LANGUAGE_CODE):
                lines = [
                    (_label(subject, standard), expires_on, (expires_on - today).days)
                    for subject, standard, expires_on, _days in sorted(entries, key=lambda e: e[2])
                ]
                subject_line = _("Evidence for %(company)s expires soon") % {"company": company}
                body = render_to_string(
                    "readiness/email/reminder.txt",
                    {"organisation": organisation, "lines": lines, "url": url},
                )
            send_mail(subject_line, body, None, [recipient.email])
        except Exception:
            logger.exception(
                "Readiness reminder to user %s of organisation %s failed",
                recipient.pk,
                organisation.pk,
            )
            continue
        delivered += 1
    return delivered


def _reminders_record(
    *, organisation: Organisation, entries: list[tuple[str, str, datetime.date, int]]
) -> None:
    for subject, _standard, expires_on, days in entries:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    organisation=organisation,
                    subject=subject,
                    expires_on=expires_on,
                    days_before=days,
                )
        except IntegrityError:
            pass  # a run at the same time recorded it first
