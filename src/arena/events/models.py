import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.events.enums import (
    MAX_SLOTS,
    MAX_TABLES,
    MAX_TEAM_CAPACITY,
    TITLE_MAX_LENGTH,
    EventKind,
    EventStatus,
    FollowUpAnswer,
    LogAction,
    OutcomeResult,
    Priority,
    RegistrationStatus,
    RequestStatus,
    RunStatus,
    Side,
)


class Event(models.Model):
    """A matchday, workshop, business dialogue, network meeting or dialogue meeting.

    The day is cut into slots of `slot_minutes`, grouped into sessions with breaks between them;
    slots are numbered 0, 1, … across the sessions in order, as the scheduler numbers them.
    """

    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    organisers = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("organisers"), related_name="events_organised"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    n_tables = models.PositiveSmallIntegerField(
        _("tables"), default=10, validators=[MaxValueValidator(MAX_TABLES)]
    )
    # How many organisations may register; the rest go on the waiting list. Empty: no limit.
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    registration_open = models.BooleanField(_("open for registration"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_matchday(self) -> bool:
        return self.kind == EventKind.MATCHDAY

    @property
    def is_draft(self) -> bool:
        return self.status == EventStatus.DRAFT

    @property
    def schedule_is_published(self) -> bool:
        return self.status in (EventStatus.SCHEDULE_PUBLISHED, EventStatus.FINISHED)

    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.date, self.start_time, tzinfo=timezone.get_current_timezone()
        )

    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.date, self.end_time, tzinfo=timezone.get_current_timezone()
        )


class Session(models.Model):
    """A block of consecutive meeting slots; the time between two sessions is a break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(_("name"), max_length=100, blank=True)
    start_time = models.TimeField(_("starts"))
    n_slots = models.PositiveSmallIntegerField(
        _("meeting slots"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SLOTS)]
    )

    class Meta:
        ordering = ["start_time", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.name or f"{self.start_time:%H:%M}"


class Registration(models.Model):
    """An organisation taking part in an event, with the people it sends."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attending"), related_name="event_registrations"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    # How many meetings the team can hold at the same time.
    team_capacity = models.PositiveSmallIntegerField(
        _("meetings at the same time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TEAM_CAPACITY)],
    )
    # Slot numbers in which the organisation is NOT free (by default it is free all day).
    unavailable_slots = models.JSONField(_("busy slots"), default=list, blank=True)
    # Takes part over video: its meetings need no table.
    remote = models.BooleanField(_("takes part over video"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="registration_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} @ {self.event_id}"

    @property
    def is_active(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED


class Pitch(models.Model):
    """A company presents a solution at the event, optionally answering a challenge."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pitches")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="pitches")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), blank=True)
    solution = models.ForeignKey(
        "supply.Solution",
        verbose_name=_("solution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pitches",
    )
    challenge = models.ForeignKey(
        "needs.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pitches",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self) -> str:
        return self.title


class MeetingRequest(models.Model):
    """One registration asking to meet another (or saying "no thanks", which vetoes the pair)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    sender = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_sent")
    receiver = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_received"
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    status = models.CharField(
        _("answer"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(fields=["sender", "receiver"], name="meeting_request_once"),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("receiver")), name="meeting_request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.receiver_id} ({self.priority})"


class Meeting(models.Model):
    """A 1:1 meeting between a buyer and a company in one slot, at a table or over video."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    buyer = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meetings_as_buyer"
    )
    company = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meetings_as_company"
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    # Empty for a meeting over video.
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    is_virtual = models.BooleanField(_("over video"), default=False)
    # A locked meeting stays where it is when the schedule is computed again.
    is_locked = models.BooleanField(_("locked"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slot", "table", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["event", "buyer", "company"], name="meeting_pair_once"),
            models.UniqueConstraint(
                fields=["event", "slot", "table"],
                condition=models.Q(table__isnull=False),
                name="meeting_table_once_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id}–{self.company_id} @ {self.slot}"


class MeetingOutcome(models.Model):
    """What one side made of a meeting; the notes are for its own organisation only."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="outcomes"
    )
    result = models.CharField(_("outcome"), max_length=16, choices=OutcomeResult.choices)
    notes = models.TextField(_("notes for your organisation"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "registration"], name="meeting_outcome_once_per_side"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="meeting_outcome_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.registration_id}: {self.result}"


class FollowUp(models.Model):
    """The question, months after a meeting, whether it led anywhere; sent when it falls due."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=16, choices=FollowUpAnswer.choices, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up question")
        verbose_name_plural = _("follow-up questions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "registration"], name="follow_up_once_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.registration_id} due {self.due_on}"


class ScheduleRun(models.Model):
    """One "schedule all" in the background: its progress, and the scheduler's report."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    time_limit = models.FloatField(default=60.0)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    greedy_objective = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=100, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    meetings = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self) -> str:
        return f"{self.event_id} {self.status} {self.progress:.0%}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * max(0.0, min(1.0, self.progress)))


class LogEntry(models.Model):
    """The equal-treatment log: every request, meeting and schedule change, never edited.

    Services only ever create entries; the admin shows them read-only.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="log_entries")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=24, choices=LogAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Names are copied so the log still reads right if an organisation is renamed or removed.
    actor_organisation = models.CharField(max_length=200, blank=True)
    subject_organisation = models.CharField(max_length=200, blank=True)
    other_organisation = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
