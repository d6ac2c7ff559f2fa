import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from arena.events.enums import (
    MAX_SLOTS,
    MAX_TABLES,
    MAX_TEAM_CAPACITY,
    NOTES_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EventKind,
    FollowUpAnswer,
    OutcomeResult,
    Priority,
)

# django-stubs makes these generic; Django's classes cannot be subscripted at run time.
_ModelChoiceField: Any = forms.ModelChoiceField
_ModelMultipleChoiceField: Any = forms.ModelMultipleChoiceField

MARKDOWN_HELP = _("Markdown: **bold**, *italics*, lists with -, links as [text](https://…).")


def _time_field(label: Any, help_text: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text=help_text,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The programme of the day: talks, pitches, meetings and breaks."),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "min": "2000-01-01", "max": "2100-12-31"}
        ),
        validators=[
            MinValueValidator(datetime.date(2000, 1, 1)),
            MaxValueValidator(datetime.date(2100, 12, 31)),
        ],
    )
    start_time = _time_field(_("Starts"))
    end_time = _time_field(_("Ends"))
    place = forms.CharField(
        label=_("Place"), max_length=300, required=False, help_text=_("Address and room.")
    )
    video_url = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        help_text=_("For participants who join over video."),
    )
    slot_minutes = forms.IntegerField(
        label=_("Length of a meeting (minutes)"), min_value=5, max_value=240, initial=20
    )
    n_tables = forms.IntegerField(
        label=_("Tables"),
        min_value=0,
        max_value=MAX_TABLES,
        initial=10,
        help_text=_("How many 1:1 meetings can be held at the same time in the room."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        required=False,
        help_text=_("How many organisations may register; the rest wait. Empty: no limit."),
    )
    registration_open = forms.BooleanField(
        label=_("Open for registration"), required=False, initial=True
    )
    programme = _ModelChoiceField(
        label=_("Programme"), queryset=None, required=False, empty_label=_("No programme")
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The event must end after it starts."))
        return cleaned


EVENT_FIELDS = list(EventForm.base_fields)


def event_initial(event: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


class EventCreateForm(EventForm):
    """A new event; the person chooses which of their organisations organise it."""

    organisers = _ModelMultipleChoiceField(
        label=_("Organised by"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisations: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, programmes=programmes, **kwargs)
        self.fields["organisers"].queryset = organisations  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisers"].initial = [organisations[0].pk]
        self.fields = {"organisers": self.fields.pop("organisers"), **self.fields}


class SessionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, help_text=_("For example “Morning”.")
    )
    start_time = _time_field(_("Starts"))
    n_slots = forms.IntegerField(label=_("Meeting slots"), min_value=1, max_value=MAX_SLOTS)


class RegistrationForm(forms.Form):
    organisation = _ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=_("Choose an organisation")
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk


class AvailabilityForm(forms.Form):
    people = _ModelMultipleChoiceField(
        label=_("Who attends"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    team_capacity = forms.IntegerField(
        label=_("Meetings at the same time"),
        min_value=1,
        max_value=MAX_TEAM_CAPACITY,
        help_text=_("A team of two or more may hold meetings in parallel."),
    )
    unavailable_slots = forms.TypedMultipleChoiceField(
        label=_("Busy in these slots"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if you are free the whole day."),
    )
    remote = forms.BooleanField(
        label=_("We take part over video"),
        required=False,
        help_text=_("Your meetings then need no table."),
    )

    def __init__(self, *args: Any, members: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = members  # type: ignore[attr-defined]
        self.fields["unavailable_slots"].choices = [  # type: ignore[attr-defined]
            (slot.number, slot.label) for slot in slots
        ]


class RequestForm(forms.Form):
    receiver = forms.IntegerField(widget=forms.HiddenInput)
    priority = forms.ChoiceField(label=_("Your wish"), choices=Priority.choices)


class PitchForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    solution = _ModelChoiceField(
        label=_("Solution"), queryset=None, required=False, empty_label=_("No solution")
    )

    challenge = _ModelChoiceField(
        label=_("Answers the challenge"),
        queryset=None,
        required=False,
        empty_label=_("No particular challenge"),
    )

    def __init__(self, *args: Any, solutions: Any, challenges: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["solution"].queryset = solutions  # type: ignore[attr-defined]
        self.fields["challenge"].queryset = challenges  # type: ignore[attr-defined]


class ScheduleRunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=600,
        initial=60,
        help_text=_("A good schedule is ready at once; more time improves it."),
    )


class MeetingPlaceForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int)
    table = forms.IntegerField(
        label=_("Table"),
        min_value=1,
        max_value=MAX_TABLES,
        required=False,
        help_text=_("Empty for a meeting over video."),
    )

    def __init__(self, *args: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [  # type: ignore[attr-defined]
            (slot.number, slot.label) for slot in slots
        ]


class MeetingAddForm(MeetingPlaceForm):
    buyer = forms.TypedChoiceField(label=_("Buyer"), coerce=int)
    company = forms.TypedChoiceField(label=_("Company"), coerce=int)

    def __init__(self, *args: Any, buyers: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].choices = [  # type: ignore[attr-defined]
            (r.pk, r.organisation.name) for r in buyers
        ]
        self.fields["company"].choices = [  # type: ignore[attr-defined]
            (r.pk, r.organisation.name) for r in companies
        ]
        self.fields = {
            "buyer": self.fields.pop("buyer"),
            "company": self.fields.pop("company"),
            **self.fields,
        }


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Outcome"), choices=OutcomeResult.choices, widget=forms.RadioSelect
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 = not useful, 5 = very useful."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only people in your organisation see these notes."),
    )


class FollowUpForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("What came of the meeting?"),
        choices=FollowUpAnswer.choices,
        widget=forms.RadioSelect,
    )
