"""The reference picker: choose CPV codes, SDG targets or municipalities by searching.

How it works, and why this way
------------------------------
A picker is a group of checkboxes (radio buttons for a single choice) inside the field's
fieldset, so its legend names the group:

* **Chosen** (`ul.picker__selected`): the current values, rendered as *checked* checkboxes with
  the field's name. A form shown again after an error keeps what was chosen; unchecking a box
  removes that value on the next submit.
* **Search box** (`input type="search"`, its own label and help text): not a value of the field.
  With JavaScript, htmx asks the vocabulary's search endpoint as you type (300 ms after the last
  key, or at once on Enter) and fills
* **Matches** (`ul.picker__results`, `role="list"`) with unchecked boxes of the same name,
  each with its code, label and place in the hierarchy, while a polite live region below says
  how many matches there are. `reference/js/picker.js` moves checked matches into the chosen
  list before the next search replaces the matches, so they survive.

Without JavaScript the same form still works. The search box is named `<field>__q`, so
pressing Enter in it submits the form with the query. The field then sees a pending search,
reports "Choose from the matches for … below, then save." and the form comes back (the view's
normal invalid-form path; nothing special is needed in views) with the matches rendered as
unchecked boxes and the search box emptied, so the next submit saves what was ticked. A query
made only of complete codes ("48000000-8, 72000000") is taken as those codes instead of a
search. With JavaScript, picker.js drops the search box from form submissions, so a query left
in it never blocks saving.

Single choices of small vocabularies (one municipality, one region) do not use the picker:
a native `<select>` (municipalities grouped by county in `<optgroup>`s) is fully keyboard and
screen-reader accessible, needs no script and has type-ahead. See forms.py.
"""

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from arena.reference import selectors

RESULT_LIMIT = 20
QUERY_MAX_LENGTH = 200
_CODE_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class PickerOption:
    """One choosable code as a picker shows it."""

    value: str  # What the form submits: the primary key.
    code: str  # What the reader sees as the code, e.g. 48000000-8.
    label: str
    path: tuple[str, ...] = ()  # The labels above it in the hierarchy, top first.


class PickerVocabulary:
    """How a picker searches, shows and checks the codes of one vocabulary."""

    key: ClassVar[str]
    search_url_name: ClassVar[str]
    # A view that suggests codes from the form's own text, if the vocabulary has one.
    suggest_url_name: ClassVar[str | None] = None
    search_label: ClassVar[Any]
    search_help: ClassVar[Any]
    unknown_message: ClassVar[Any]  # With %(value)s.
    code_pattern: ClassVar[re.Pattern[str]]

    def search(self, query: str, limit: int) -> list[PickerOption]:
        raise NotImplementedError

    def options(self, values: Iterable[str]) -> dict[str, PickerOption]:
        """The options for the known values among `values` (canonical codes), by value."""
        raise NotImplementedError

    def canonical(self, raw: str) -> str | None:
        """The primary key a typed or posted code stands for, or None if it cannot be one."""
        raw = raw.strip()
        return raw if self.code_pattern.fullmatch(raw) else None

    def accepts(self, raw: str, option: PickerOption) -> bool:
        """Whether `raw` really names `option` (e.g. a CPV check digit must match)."""
        return True

    def resolve(self, raws: Iterable[str]) -> tuple[list[PickerOption], list[str]]:
        """The options for the known values (in order, without repeats) and the unknown ones."""
        raws = [raw.strip() for raw in raws if raw and raw.strip()]
        canonical = {raw: self.canonical(raw) for raw in raws}
        found = self.options(value for value in canonical.values() if value is not None)
        known: dict[str, PickerOption] = {}
        unknown: list[str] = []
        for raw in raws:
            value = canonical[raw]
            option = found.get(value) if value is not None else None
            if option is not None and self.accepts(raw, option):
                known.setdefault(option.value, option)
            elif raw not in unknown:
                unknown.append(raw)
        return list(known.values()), unknown

    def parse_codes(self, query: str) -> list[str] | None:
        """The codes in a query made only of complete codes, else None (it is a search)."""
        tokens = [token for token in _CODE_SEPARATORS.split(query.strip()) if token]
        if tokens and all(self.code_pattern.fullmatch(token) for token in tokens):
            return tokens
        return None


class CpvVocabulary(PickerVocabulary):
    key = "cpv"
    search_url_name = "reference:cpv_search"
    suggest_url_name = "reference:cpv_suggest"
    search_label = gettext_lazy("Search CPV codes")
    search_help = gettext_lazy(
        "Type words in Swedish or English, or a code such as 48000000 or 4821, and press Enter."
    )
    unknown_message = gettext_lazy("Unknown CPV code: %(value)s.")
    code_pattern = re.compile(r"\d{8}(?:-\d)?")

    def _with_paths(self, codes: Sequence[Any]) -> list[PickerOption]:
        paths = selectors.cpv_paths(codes=codes)
        return [
            PickerOption(
                value=cpv.code,
                code=cpv.code_with_check_digit,
                label=cpv.label,
                path=tuple(ancestor.label for ancestor in paths[cpv.code]),
            )
            for cpv in codes
        ]

    def search(self, query: str, limit: int) -> list[PickerOption]:
        return self._with_paths(selectors.cpv_search(query=query, limit=limit))

    def options(self, values: Iterable[str]) -> dict[str, PickerOption]:
        found = selectors.cpv_get_many(codes=values)
        return {option.value: option for option in self._with_paths(list(found.values()))}

    def canonical(self, raw: str) -> str | None:
        raw = raw.strip()
        return raw[:8] if self.code_pattern.fullmatch(raw) else None

    def accepts(self, raw: str, option: PickerOption) -> bool:
        # 48000000-8 names 48000000 only with its right check digit.
        return "-" not in raw.strip() or raw.strip() == option.code


class SdgTargetVocabulary(PickerVocabulary):
    key = "sdg"
    search_url_name = "reference:sdg_target_search"
    search_label = gettext_lazy("Search SDG targets")
    search_help = gettext_lazy(
        "Type words, a goal number such as 11, or a target such as 11.6, and press Enter."
    )
    unknown_message = gettext_lazy("Unknown SDG target: %(value)s.")
    code_pattern = re.compile(r"[1-9]\d?\.(?:[1-9]\d?|[a-z])")

    @staticmethod
    def _option(target: Any) -> PickerOption:
        return PickerOption(
            value=target.code, code=target.code, label=target.title, path=(str(target.goal),)
        )

    def search(self, query: str, limit: int) -> list[PickerOption]:
        return [self._option(t) for t in selectors.sdg_target_search(query=query, limit=limit)]

    def options(self, values: Iterable[str]) -> dict[str, PickerOption]:
        return {
            code: self._option(t) for code, t in selectors.sdg_target_get_many(codes=values).items()
        }

    def canonical(self, raw: str) -> str | None:
        return super().canonical(raw.casefold())


class MunicipalityVocabulary(PickerVocabulary):
    key = "municipality"
    search_url_name = "reference:municipality_search"
    search_label = gettext_lazy("Search municipalities")
    search_help = gettext_lazy("Type a name or a four-digit municipality code, and press Enter.")
    unknown_message = gettext_lazy("Unknown municipality code: %(value)s.")
    code_pattern = re.compile(r"\d{4}")

    @staticmethod
    def _option(municipality: Any) -> PickerOption:
        return PickerOption(
            value=municipality.code,
            code=municipality.code,
            label=municipality.name,
            path=(municipality.region.county_name,),
        )

    def search(self, query: str, limit: int) -> list[PickerOption]:
        return [self._option(m) for m in selectors.municipality_search(query=query, limit=limit)]

    def options(self, values: Iterable[str]) -> dict[str, PickerOption]:
        return {
            code: self._option(m)
            for code, m in selectors.municipality_get_many(codes=values).items()
        }


class RegionVocabulary(PickerVocabulary):
    key = "region"
    search_url_name = "reference:region_search"
    search_label = gettext_lazy("Search regions")
    search_help = gettext_lazy(
        "Type the name of a region or county, or a county code, and press Enter."
    )
    unknown_message = gettext_lazy("Unknown region code: %(value)s.")
    code_pattern = re.compile(r"\d{2}")

    @staticmethod
    def _option(region: Any) -> PickerOption:
        return PickerOption(
            value=region.code, code=region.code, label=region.name, path=(region.county_name,)
        )

    def search(self, query: str, limit: int) -> list[PickerOption]:
        return [self._option(r) for r in selectors.region_search(query=query, limit=limit)]

    def options(self, values: Iterable[str]) -> dict[str, PickerOption]:
        return {
            code: self._option(r) for code, r in selectors.region_get_many(codes=values).items()
        }


CPV = CpvVocabulary()
SDG_TARGETS = SdgTargetVocabulary()
MUNICIPALITIES = MunicipalityVocabulary()
REGIONS = RegionVocabulary()


class PickerValue(list[str]):
    """The posted values of a picker, plus the query left in its search box (the no-JS search)."""

    def __init__(self, values: Iterable[str] = (), *, query: str = "") -> None:
        super().__init__(values)
        self.query = query


class PickerChoice(str):
    """The posted value of a single-choice picker, plus the query left in its search box."""

    query: str

    def __new__(cls, value: str = "", *, query: str = "") -> "PickerChoice":
        choice = super().__new__(cls, value)
        choice.query = query
        return choice


def picker_query(value: object) -> str:
    """The pending search of a picker's value ("" if none)."""
    return getattr(value, "query", "") or ""


def picker_status(count: int, *, more: bool) -> str:
    """The sentence the live region reads out after a search."""
    if more:
        return _(
            "More than %(count)d matches; the first %(count)d are shown. Type more to narrow the search."
        ) % {"count": count}
    if count == 0:
        return _("No matches.")
    return ngettext("%(count)d match.", "%(count)d matches.", count) % {"count": count}


def _item(option: PickerOption, *, item_id: str, checked: bool) -> dict[str, Any]:
    return {
        "value": option.value,
        "code": option.code,
        "label": option.label,
        "path": " › ".join(option.path),
        "id": item_id,
        "checked": checked,
    }


def picker_results(
    vocabulary: PickerVocabulary, *, id_: str, query: str, chosen: Iterable[str]
) -> tuple[list[dict[str, Any]], str]:
    """The rendered matches of a search (already chosen ones ticked) and the status sentence."""
    options = vocabulary.search(query, RESULT_LIMIT + 1)
    more = len(options) > RESULT_LIMIT
    options = options[:RESULT_LIMIT]
    chosen = set(chosen)
    # A fresh token per search keeps ids unique when picker.js moves matches into the chosen list.
    token = secrets.token_hex(4)
    items = [
        _item(option, item_id=f"{id_}_{token}_{index}", checked=option.value in chosen)
        for index, option in enumerate(options)
    ]
    return items, picker_status(len(items), more=more)


def picker_items(
    vocabulary: PickerVocabulary, *, id_: str, values: Sequence[str], chosen: Iterable[str]
) -> list[dict[str, Any]]:
    """Known `values` as picker matches in the given order (e.g. suggestions, best first)."""
    options = vocabulary.options(values)
    chosen = set(chosen)
    token = secrets.token_hex(4)
    return [
        _item(options[value], item_id=f"{id_}_{token}_{index}", checked=value in chosen)
        for index, value in enumerate(values)
        if value in options
    ]


class ReferencePicker(forms.Widget):
    """Search-and-choose widget for a reference vocabulary; see the module docstring."""

    template_name = "reference/widgets/picker.html"
    use_fieldset = True

    def __init__(
        self,
        vocabulary: PickerVocabulary,
        *,
        multiple: bool = True,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.vocabulary = vocabulary
        self.multiple = multiple
        self.allow_multiple_selected = multiple

    def value_from_datadict(self, data: Any, files: Any, name: str) -> PickerValue | PickerChoice:
        query = str(data.get(f"{name}__q", "") or "").strip()[:QUERY_MAX_LENGTH]
        if self.multiple:
            values = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
            if isinstance(values, str):
                values = [values]
            return PickerValue([str(v) for v in values], query=query)
        return PickerChoice(str(data.get(name) or ""), query=query)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}__q" not in data

    def use_required_attribute(self, initial: Any) -> bool:
        # "required" on a checkbox would demand that very box; the field checks it instead.
        return False

    def id_for_label(self, id_: str) -> str:
        return id_

    def format_value(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value if v not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        id_ = widget["attrs"].get("id") or f"id_{name}"
        values = self.format_value(value)
        query = picker_query(value)
        if query and (codes := self.vocabulary.parse_codes(query)) is not None:
            values += codes
            query = ""
        chosen, _unknown = self.vocabulary.resolve(values)
        if not self.multiple:
            chosen = chosen[-1:]
        selected = [
            _item(option, item_id=f"{id_}_chosen_{i}", checked=True)
            for i, option in enumerate(chosen)
        ]
        if not self.multiple and not self.is_required:
            none = PickerOption(value="", code="", label=_("None"))
            selected.insert(0, _item(none, item_id=f"{id_}_chosen_none", checked=not chosen))
        results: list[dict[str, Any]] = []
        status = ""
        if query:
            results, status = picker_results(
                self.vocabulary, id_=id_, query=query, chosen=[option.value for option in chosen]
            )
        widget.update(
            {
                "id": id_,
                "multiple": self.multiple,
                "input_type": "checkbox" if self.multiple else "radio",
                "selected": selected,
                "results": results,
                "status": status,
                "search_label": self.vocabulary.search_label,
                "search_help": self.vocabulary.search_help,
                "search_url": picker_search_url(
                    self.vocabulary, name=name, id_=id_, multiple=self.multiple
                ),
                "suggest_url": (
                    f"{reverse(self.vocabulary.suggest_url_name)}?"
                    f"{urlencode({'name': name, 'id': id_})}"
                    if self.vocabulary.suggest_url_name
                    else ""
                ),
                "disabled": bool(widget["attrs"].get("disabled")),
                "invalid": widget["attrs"].get("aria-invalid") == "true",
            }
        )
        return context


def picker_search_url(vocabulary: PickerVocabulary, *, name: str, id_: str, multiple: bool) -> str:
    params = {"name": name, "id": id_, "multiple": "1" if multiple else "0"}
    return f"{reverse(vocabulary.search_url_name)}?{urlencode(params)}"
