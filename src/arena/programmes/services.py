"""Writes of programmes. Callers check permissions first (rules.py); these check the data."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.organisations.enums import BUYER_KINDS, IntermediaryKind, OrganisationKind
from arena.organisations.models import Membership, Organisation
from arena.programmes import selectors
from arena.programmes.enums import (
    ANSWER_MAX_LENGTH,
    OPEN_STATUSES,
    QUESTION_MAX_LENGTH,
    QUESTIONS_MAX,
    REASON_MAX_LENGTH,
    THEME_MAX_LENGTH,
    THEMES_MAX,
    ApplicationStatus,
    NudgeReason,
    ParticipantKind,
    ResourceKind,
)
from arena.programmes.models import (
    Application,
    Cohort,
    Programme,
    ProgrammeResource,
    Reminder,
)
from arena.reference.models import Region
from arena.slugs import unique_slug

# Paths under /program/ that a programme's slug must not take.
_RESERVED_SLUGS = frozenset({"ny"})
# A second reminder to the same member within this time is refused (a double click, not a nudge).
REMINDER_INTERVAL = timedelta(hours=1)


def _unique_slug(name: str) -> str:
    return unique_slug(
        Programme.objects.all(),
        name,
        fallback="program",
        reserved=_RESERVED_SLUGS,
        reserved_suffix="program",
    )


def _lines(
    values: Iterable[str], *, field: str, most: int, longest: int, unique: bool = False
) -> list[str]:
    """Stripped, non-empty lines; too many or too long ones are an error on `field`."""
    lines: list[str] = []
    for value in values:
        line = " ".join(str(value).split())
        if line and not (unique and line.casefold() in {seen.casefold() for seen in lines}):
            lines.append(line)
    if len(lines) > most:
        raise ValidationError({field: _("At most %(count)d lines.") % {"count": most}})
    too_long = [line for line in lines if len(line) > longest]
    if too_long:
        raise ValidationError(
            {
                field: _("Each line may have at most %(count)d characters: %(line)s")
                % {"count": longest, "line": too_long[0][:40] + "…"}
            }
        )
    return lines


def _is_member(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, user=user).exists()


## Programmes


def _programme_save(
    *,
    programme: Programme,
    name_sv: str,
    name_en: str,
    description_sv: str,
    description_en: str,
    aims: str,
    region: Region | None,
    funders: str,
    starts_on: date,
    ends_on: date | None,
    themes: Iterable[str],
    how_to_join: str,
    questions: Iterable[str],
    agreement: str,
    is_open_for_applications: bool,
) -> None:
    programme.name_sv, programme.name_en = name_sv.strip(), name_en.strip()
    errors: dict[str, str] = {}
    if not programme.name_sv and not programme.name_en:
        errors["name_sv"] = _("Give the programme a name in Swedish, in English or in both.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The programme cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    programme.description_sv = description_sv.strip()
    programme.description_en = description_en.strip()
    programme.aims = aims.strip()
    programme.region = region
    programme.funders = funders.strip()
    programme.starts_on = starts_on
    programme.ends_on = ends_on
    programme.themes = _lines(
        themes, field="themes", most=THEMES_MAX, longest=THEME_MAX_LENGTH, unique=True
    )
    programme.how_to_join = how_to_join.strip()
    programme.questions = _lines(
        questions, field="questions", most=QUESTIONS_MAX, longest=QUESTION_MAX_LENGTH
    )
    programme.agreement = agreement.strip()
    programme.is_open_for_applications = is_open_for_applications
    programme.full_clean(exclude=["slug"] if not programme.slug else None)
    if not programme.slug:
        programme.slug = _unique_slug(programme.name_sv or programme.name_en)
    programme.save()


@transaction.atomic
def programme_create(
    *,
    owner: Organisation,
    creator: User,
    starts_on: date,
    name_sv: str = "",
    name_en: str = "",
    description_sv: str = "",
    description_en: str = "",
    aims: str = "",
    region: Region | None = None,
    funders: str = "",
    ends_on: date | None = None,
    themes: Iterable[str] = (),
    how_to_join: str = "",
    questions: Iterable[str] = (),
    agreement: str = "",
    is_open_for_applications: bool = True,
) -> Programme:
    """Start a programme run by an intermediary; the members of the owner become its staff."""
    if owner.kind != OrganisationKind.INTERMEDIARY:
        raise ValidationError(
            {
                "owner": _(
                    "Only intermediaries run programmes. %(name)s is registered as another "
                    "kind of organisation."
                )
                % {"name": owner.name}
            }
        )
    if not _is_member(creator, owner):
        raise ValidationError(
            {"owner": _("You can only start programmes for your own organisation.")}
        )
    programme = Programme(owner=owner)
    _programme_save(
        programme=programme,
        name_sv=name_sv,
        name_en=name_en,
        description_sv=description_sv,
        description_en=description_en,
        aims=aims,
        region=region,
        funders=funders,
        starts_on=starts_on,
        ends_on=ends_on,
        themes=themes,
        how_to_join=how_to_join,
        questions=questions,
        agreement=agreement,
        is_open_for_applications=is_open_for_applications,
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    starts_on: date,
    name_sv: str = "",
    name_en: str = "",
    description_sv: str = "",
    description_en: str = "",
    aims: str = "",
    region: Region | None = None,
    funders: str = "",
    ends_on: date | None = None,
    themes: Iterable[str] = (),
    how_to_join: str = "",
    questions: Iterable[str] = (),
    agreement: str = "",
    is_open_for_applications: bool = True,
) -> Programme:
    """Change a programme. Its address and owner stay; sent applications keep their questions."""
    _programme_save(
        programme=programme,
        name_sv=name_sv,
        name_en=name_en,
        description_sv=description_sv,
        description_en=description_en,
        aims=aims,
        region=region,
        funders=funders,
        starts_on=starts_on,
        ends_on=ends_on,
        themes=themes,
        how_to_join=how_to_join,
        questions=questions,
        agreement=agreement,
        is_open_for_applications=is_open_for_applications,
    )
    return programme


## Cohorts


def cohort_create(
    *,
    programme: Programme,
    name: str,
    starts_on: date,
    ends_on: date | None = None,
    is_open: bool = True,
) -> Cohort:
    """Add a round of the programme; while a round is open, applicants choose one."""
    name = " ".join(name.split())
    if programme.cohorts.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The programme already has a round with this name.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A round cannot end before it starts.")})
    cohort = Cohort(
        programme=programme, name=name, starts_on=starts_on, ends_on=ends_on, is_open=is_open
    )
    cohort.full_clean()
    cohort.save()
    return cohort


def cohort_set_open(*, cohort: Cohort, is_open: bool) -> Cohort:
    if cohort.is_open != is_open:
        cohort.is_open = is_open
        cohort.save(update_fields=["is_open"])
    return cohort


## Applications


def participant_kind_for(
    *, organisation: Organisation | None, as_research_group: bool = False
) -> str:
    """How an organisation takes part: buyers, companies and intermediaries as what they are.

    A university may take part as a research group; a person without an organisation is an
    individual inventor.
    """
    if organisation is None:
        if as_research_group:
            raise ValidationError(
                _("A research group applies through its university's organisation."),
                code="research_group_without_organisation",
            )
        return ParticipantKind.INVENTOR
    if as_research_group:
        if (
            organisation.kind != OrganisationKind.INTERMEDIARY
            or organisation.intermediary_kind != IntermediaryKind.UNIVERSITY
        ):
            raise ValidationError(
                _("Only a university can take part as a research group."),
                code="not_a_university",
            )
        return ParticipantKind.RESEARCH_GROUP
    if organisation.kind in BUYER_KINDS:
        return ParticipantKind.BUYER
    if organisation.kind == OrganisationKind.COMPANY:
        return ParticipantKind.COMPANY
    return ParticipantKind.INTERMEDIARY


def _open_application(
    *, programme: Programme, organisation: Organisation | None, applicant: User
) -> Application | None:
    queryset = Application.objects.filter(programme=programme, status__in=OPEN_STATUSES)
    if organisation is not None:
        return queryset.filter(organisation=organisation).first()
    return queryset.filter(organisation__isnull=True, applicant=applicant).first()


def _duplicate_error(
    *, programme: Programme, organisation: Organisation | None, existing: Application | None
) -> ValidationError:
    names = {
        "name": organisation.name if organisation is not None else "",
        "programme": programme.name,
    }
    if existing is not None and existing.is_approved:
        if organisation is None:
            message = _("You are already a member of %(programme)s.") % names
        else:
            message = _("%(name)s is already a member of %(programme)s.") % names
    elif organisation is None:
        message = (
            _(
                "You have already applied to %(programme)s; the application is waiting for a decision."
            )
            % names
        )
    else:
        message = (
            _(
                "%(name)s has already applied to %(programme)s; the application is waiting for a "
                "decision."
            )
            % names
        )
    return ValidationError(message, code="duplicate")


@transaction.atomic
def application_submit(
    *,
    programme: Programme,
    applicant: User,
    organisation: Organisation | None,
    answers: Sequence[str],
    agreement_accepted: bool,
    cohort: Cohort | None = None,
    as_research_group: bool = False,
) -> Application:
    """Apply to join a programme for one of your organisations, or as an individual inventor.

    Every question needs an answer and the participation agreement must be accepted; an
    organisation (or an inventor) has one open application or membership per programme.
    """
    if not programme.is_open_for_applications:
        raise ValidationError(
            _("%(programme)s does not take applications at the moment.")
            % {"programme": programme.name},
            code="closed",
        )
    if organisation is not None:
        if not _is_member(applicant, organisation):
            raise ValidationError(
                _("You can only apply for an organisation you are a member of."),
                code="not_a_member",
            )
        if organisation.pk == programme.owner_id:
            raise ValidationError(
                _("%(name)s runs this programme; its members are the programme's staff.")
                % {"name": organisation.name},
                code="owner",
            )
    kind = participant_kind_for(organisation=organisation, as_research_group=as_research_group)
    questions = [str(question) for question in programme.questions or []]
    cleaned = [str(answer).strip() for answer in answers]
    if len(cleaned) != len(questions) or not all(cleaned):
        raise ValidationError(_("Answer every question."), code="answers")
    if any(len(answer) > ANSWER_MAX_LENGTH for answer in cleaned):
        raise ValidationError(
            _("Each answer may have at most %(count)d characters.") % {"count": ANSWER_MAX_LENGTH},
            code="answer_too_long",
        )
    if cohort is not None:
        if cohort.programme_id != programme.pk or not cohort.is_open:
            raise ValidationError(_("Choose one of the programme's open rounds."), code="cohort")
    elif selectors.cohorts_open(programme=programme).exists():
        raise ValidationError(_("Choose the round you apply for."), code="cohort")
    if not agreement_accepted:
        raise ValidationError(_("Accept the participation agreement to apply."), code="agreement")
    existing = _open_application(
        programme=programme, organisation=organisation, applicant=applicant
    )
    if existing is not None:
        raise _duplicate_error(programme=programme, organisation=organisation, existing=existing)
    now = timezone.now()
    try:
        with transaction.atomic():
            return Application.objects.create(
                programme=programme,
                cohort=cohort,
                organisation=organisation,
                applicant=applicant,
                participant_kind=kind,
                questions=questions,
                answers=cleaned,
                submitted_at=now,
                agreement_text=programme.agreement,
                agreement_accepted_at=now,
                agreement_accepted_by=applicant,
            )
    except IntegrityError as error:
        # Someone of the same organisation applied in the same instant.
        raise _duplicate_error(
            programme=programme, organisation=organisation, existing=None
        ) from error


def _lock(application: Application) -> Application:
    """Re-read the application under a row lock (a no-op on SQLite, whose writers queue anyway)."""
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_approve(*, application: Application, decided_by: User) -> Application:
    """Make the applicant a member. Only a pending application with an accepted agreement."""
    current = _lock(application)
    if current.status != ApplicationStatus.PENDING:
        raise ValidationError(
            _("Only applications waiting for a decision can be approved."), code="not_pending"
        )
    if current.agreement_accepted_at is None:
        raise ValidationError(
            _("The applicant has not accepted the participation agreement."), code="no_agreement"
        )
    application.status = ApplicationStatus.APPROVED
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.decision_reason = ""
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return application


@transaction.atomic
def application_decline(*, application: Application, decided_by: User, reason: str) -> Application:
    """Say no to a pending application; the applicant sees the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the applicant why the application is declined.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(count)d characters.") % {"count": REASON_MAX_LENGTH}}
        )
    current = _lock(application)
    if current.status != ApplicationStatus.PENDING:
        raise ValidationError(
            _("Only applications waiting for a decision can be declined."), code="not_pending"
        )
    application.status = ApplicationStatus.DECLINED
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return application


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """Take back a pending application, or leave the programme (callers check who may)."""
    current = _lock(application)
    if current.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Only a pending or approved application can be withdrawn."), code="not_open"
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    return application


## Resources


def resource_create(
    *,
    programme: Programme,
    created_by: User,
    title: str,
    kind: str,
    url: str = "",
    body: str = "",
    members_only: bool = True,
) -> ProgrammeResource:
    """Share a template, guide, recording or other material: a link, a text or both."""
    errors: dict[str, str] = {}
    if kind not in ResourceKind.values:
        errors["kind"] = _("Unknown kind of resource.")
    if not url.strip() and not body.strip():
        errors["url"] = _("Give a link, a text or both.")
    if errors:
        raise ValidationError(errors)
    resource = ProgrammeResource(
        programme=programme,
        created_by=created_by,
        title=title.strip(),
        kind=kind,
        url=url.strip(),
        body=body.strip(),
        members_only=members_only,
    )
    resource.full_clean()
    resource.save()
    return resource


def resource_delete(*, resource: ProgrammeResource) -> None:
    resource.delete()


## Reminders


@transaction.atomic
def reminder_send(*, application: Application, sent_by: User) -> Reminder:
    """Remind a member to complete its profile: log it, and e-mail its people (in a task).

    The reasons are worked out again here, so a reminder says what is missing right now.
    """
    nudge = selectors.participant_nudge(application=application)
    if nudge is None:
        raise ValidationError(
            _("%(name)s has nothing left to complete.") % {"name": application.participant_name},
            code="nothing_missing",
        )
    now = timezone.now()
    if nudge.last_reminded_at is not None and nudge.last_reminded_at > now - REMINDER_INTERVAL:
        raise ValidationError(
            _("%(name)s was reminded less than an hour ago.")
            % {"name": application.participant_name},
            code="too_soon",
        )
    reminder = Reminder.objects.create(
        programme_id=application.programme_id,
        application=application,
        sent_by=sent_by,
        sent_at=now,
        reasons=nudge.reasons,
    )
    from arena.programmes.tasks import reminder_send_task  # noqa: PLC0415  # tasks import services

    # The database queue writes the job in this transaction: no logged reminder, no e-mail.
    reminder_send_task.enqueue(reminder_id=reminder.pk)
    return reminder


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _reason_links(reminder: Reminder) -> list[tuple[str, str]]:
    """Each missing part with the address where it is filled in."""
    organisation = reminder.application.organisation
    slug = organisation.slug if organisation is not None else ""
    paths = {
        NudgeReason.NO_COMPANY_PROFILE: reverse("supply:company_profile_edit", args=[slug]),
        NudgeReason.NO_PUBLISHED_SOLUTION: reverse("supply:my_solutions"),
        NudgeReason.NO_FOCUS_AREA: reverse("needs:focus_areas", args=[slug]),
        NudgeReason.NO_PUBLISHED_CHALLENGE: reverse("needs:challenge_create"),
    }
    return [
        (str(NudgeReason(code).label), _absolute(paths[NudgeReason(code)]))
        for code in reminder.reasons
        if code in NudgeReason.values and slug
    ]


def reminder_recipients(*, application: Application) -> list[User]:
    """The people a reminder goes to: the organisation's members, or the inventor."""
    if application.organisation_id is None:
        return [application.applicant] if application.applicant is not None else []
    return list(
        User.objects.filter(
            memberships__organisation_id=application.organisation_id, is_active=True
        ).order_by("pk")
    )


def reminder_send_email(*, reminder_id: int) -> int:
    """E-mail the reminder to each recipient in their own language; returns how many were sent."""
    reminder = (
        Reminder.objects.select_related(
            "programme", "application__organisation", "application__applicant", "sent_by"
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return 0
    programme = reminder.programme
    sent = 0
    for recipient in reminder_recipients(application=reminder.application):
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            context = {
                "programme": programme,
                "programme_name": programme.name,
                "organisation": reminder.application.organisation,
                "sender": reminder.sent_by,
                "reasons": _reason_links(reminder),
                "url": _absolute(reverse("programmes:detail", args=[programme.slug])),
            }
            subject = _("A reminder from %(programme)s on Arena") % {"programme": programme.name}
            body = render_to_string("programmes/email/reminder.txt", context)
        send_mail(subject, body, None, [recipient.email])
        sent += 1
    return sent
