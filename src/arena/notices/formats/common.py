"""Helpers shared by the parsers: languages, CPV and NUTS codes, dates, money and requirements."""

import datetime
import re
from decimal import Decimal, InvalidOperation

# ISO 639-2/B (eForms) to ISO 639-1 for the 24 EU languages and a few neighbours.
LANGUAGES_3_TO_2 = {
    "BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en", "EST": "et",
    "FIN": "fi", "FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu", "ITA": "it", "LAV": "lv",
    "LIT": "lt", "MLT": "mt", "NLD": "nl", "POL": "pl", "POR": "pt", "RON": "ro", "SLK": "sk",
    "SLV": "sl", "SPA": "es", "SWE": "sv", "NOR": "no", "NOB": "nb", "ISL": "is", "CAT": "ca",
}  # fmt: skip

# ISO 3166 alpha-3 (eForms) to alpha-2 for the EEA and a few others seen in notices.
COUNTRIES_3_TO_2 = {
    "AUT": "AT", "BEL": "BE", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ", "DNK": "DK",
    "EST": "EE", "FIN": "FI", "FRA": "FR", "DEU": "DE", "GRC": "GR", "HUN": "HU", "IRL": "IE",
    "ITA": "IT", "LVA": "LV", "LTU": "LT", "LUX": "LU", "MLT": "MT", "NLD": "NL", "POL": "PL",
    "PRT": "PT", "ROU": "RO", "SVK": "SK", "SVN": "SI", "ESP": "ES", "SWE": "SE", "NOR": "NO",
    "ISL": "IS", "LIE": "LI", "CHE": "CH", "GBR": "GB", "USA": "US",
}  # fmt: skip

_CPV = re.compile(r"^(\d{8})(?:-\d)?$")
_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")


def language_2(code: str) -> str:
    code = code.strip()
    if len(code) == 2:
        return code.lower()
    return LANGUAGES_3_TO_2.get(code.upper(), "")


def country_2(code: str) -> str:
    code = code.strip().upper()
    if len(code) == 2:
        return "GB" if code == "UK" else code
    return COUNTRIES_3_TO_2.get(code, "")


def cpv_code(value: str) -> str | None:
    """8 digits without the check digit, or None when `value` is not a CPV code."""
    found = _CPV.match(value.strip())
    return found.group(1) if found else None


def nuts_code(value: str) -> str | None:
    value = value.strip().upper()
    return value if _NUTS.match(value) else None


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def decimal_or_none(value: str | float | int | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < Decimal("1e14") else None


_OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def parse_date(value: str) -> datetime.date | None:
    """A date from 2023-03-23, 2023-03-23+01:00, 20230323 or an ISO date-time."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_datetime(date: str, time: str = "") -> datetime.datetime | None:
    """A timezone-aware moment from an eForms date and time (each may carry an offset)."""
    day = parse_date(date)
    if day is None:
        return None
    offset = _OFFSET.search(time.strip()) or _OFFSET.search(date.strip())
    tz = datetime.UTC
    if offset and offset.group(1) != "Z":
        sign = 1 if offset.group(1)[0] == "+" else -1
        hours, minutes = offset.group(1)[1:].split(":")
        shift = datetime.timedelta(hours=int(hours), minutes=int(minutes))
        # An offset of a day or more ("+25:00") is no time zone: read as UTC, as a bad time is
        # read as the end of the day, rather than losing the deadline (or the whole file).
        if shift < datetime.timedelta(hours=24):
            tz = datetime.timezone(sign * shift)
    clock = _OFFSET.sub("", time.strip())
    try:
        moment = datetime.time.fromisoformat(clock) if clock else datetime.time(23, 59)
    except ValueError:
        moment = datetime.time(23, 59)
    return datetime.datetime.combine(day, moment.replace(tzinfo=tz))


def parse_iso_datetime(value: str) -> datetime.datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        day = parse_date(value)
        return parse_datetime(value) if day else None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


## Requirements: what a company can check itself against, from codes and text cues.

_CERTIFICATION = re.compile(
    r"\b(ISO[\s/-]*(?:IEC[\s-]*)?\d{4,5}(?::\d{4})?|EMAS|SS[\s-]?EN[\s-]?\d+|OHSAS[\s-]*18001)\b",
    re.IGNORECASE,
)
_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "turnover",
        re.compile(
            r"turnover|omsättning|umsatz|chiffre d.affaires|nettoomsättning|jahresumsatz",
            re.IGNORECASE,
        ),
    ),
    (
        "insurance",
        re.compile(r"insurance|försäkring|versicherung|assurance", re.IGNORECASE),
    ),
    ("certification", _CERTIFICATION),
    (
        "certification",
        re.compile(r"certifi|certifikat|zertifi|management system|ledningssystem", re.IGNORECASE),
    ),
    (
        "references",
        re.compile(r"referen|uppdrag av liknande|similar contracts", re.IGNORECASE),
    ),
    (
        "registration",
        re.compile(
            r"regist|f-skatt|handelsregister|berufsregister|kbis|aktiebolagsregist", re.IGNORECASE
        ),
    ),
]

# "EUR 2 000 000", "2 000 000 EUR", "5 MSEK", "minst 5 miljoner kronor", "3,0 Mio. Euro"
_CURRENCY_WORDS = {
    "eur": "EUR", "euro": "EUR", "euros": "EUR", "€": "EUR", "sek": "SEK", "kr": "SEK",
    "kronor": "SEK", "msek": "SEK", "mkr": "SEK", "tkr": "SEK", "gbp": "GBP", "£": "GBP",
    "usd": "USD", "nok": "NOK", "dkk": "DKK", "chf": "CHF", "pln": "PLN",
}  # fmt: skip
_SCALES = {
    "msek": Decimal(1_000_000), "mkr": Decimal(1_000_000), "tkr": Decimal(1_000),
    "million": Decimal(1_000_000), "millions": Decimal(1_000_000), "miljoner": Decimal(1_000_000),
    "miljon": Decimal(1_000_000), "mio": Decimal(1_000_000), "mio.": Decimal(1_000_000),
    "m": Decimal(1_000_000), "mn": Decimal(1_000_000), "mnkr": Decimal(1_000_000),
    "k": Decimal(1_000), "thousand": Decimal(1_000), "tusen": Decimal(1_000),
}  # fmt: skip
# Each reading of a number is atomic and the spaces around it possessive: giving digits or
# spaces back can never let a scale or currency follow (those start with a letter or a sign),
# so forbidding it changes no match but stops the catastrophic backtracking that made long runs
# of digits and separators take minutes.
_NUMBER = r"(?:(?>\d{1,3}(?:[ .\u00a0\u202f,’']\d{3})+(?:[.,]\d+)?)|(?>\d+(?:[.,]\d+)?))"
_SCALE = r"(?:msek|mkr|mnkr|tkr|millions?|miljoner|miljon|mio\.?|mn|m|k|thousand|tusen)"
_CUR = r"(?:eur|euros?|€|sek|kr|kronor|msek|mkr|tkr|gbp|£|usd|nok|dkk|chf|pln)"
_AMOUNT_AFTER = re.compile(
    rf"(?P<num>{_NUMBER})\s*+(?P<scale>{_SCALE})?\.?\s*+(?P<cur>{_CUR})(?!\w)", re.IGNORECASE
)
_AMOUNT_BEFORE = re.compile(
    rf"(?P<cur>{_CUR})\s*+(?P<num>{_NUMBER})\s*(?P<scale>{_SCALE}\b)?", re.IGNORECASE
)
# The search still starts at every position, so the text it sees is bounded too: the sum is
# read from the part a requirement keeps (`requirement_from_text` stores the same length).
MAX_AMOUNT_TEXT = 2000
_COUNT = re.compile(
    r"(?:at least|minimum(?: of)?|minst|mindestens|au moins|minimum de)\s+(\d{1,2}|one|two|three|"
    r"four|five|en|ett|två|tre|fyra|fem|eine?|zwei|drei|vier|fünf|un|une|deux|trois)\b"
    r"[^.;]{0,60}?(?:referen|uppdrag|contracts|projects|projekt)",
    re.IGNORECASE,
)
_COUNT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "en": 1, "ett": 1, "två": 2, "tre": 3,
    "fyra": 4, "fem": 5, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "un": 1, "une": 1, "deux": 2, "trois": 3,
}  # fmt: skip


def _number(text: str) -> Decimal | None:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "").replace("'", "")
    # A group separator is followed by exactly three digits; a decimal mark by one or two.
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", text):
        return decimal_or_none(re.sub(r"[ .,]", "", text))
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+[.,]\d+", text):
        whole, _, frac = re.split(r"([.,])(?=\d+$)", text)
        return decimal_or_none(re.sub(r"[ .,]", "", whole) + "." + frac)
    return decimal_or_none(text.replace(",", ".").replace(" ", ""))


def parse_amount(text: str) -> tuple[Decimal | None, str]:
    """The first sum of money in `text` with its currency, scaled (5 MSEK → 5 000 000 SEK)."""
    text = text[:MAX_AMOUNT_TEXT]
    for pattern in (_AMOUNT_BEFORE, _AMOUNT_AFTER):
        found = pattern.search(text)
        if not found:
            continue
        number = _number(found.group("num"))
        if number is None:
            continue
        currency_word = found.group("cur").lower()
        scale_word = (found.group("scale") or "").lower().strip()
        scale = _SCALES.get(scale_word) or _SCALES.get(currency_word) or Decimal(1)
        return number * scale, _CURRENCY_WORDS.get(currency_word, "")
    return None, ""


def requirement_kind(text: str, default: str = "other") -> str:
    for kind, pattern in _CUES:
        if pattern.search(text):
            return kind
    return default


def requirement_from_text(text: str, *, kind: str = "", lot: str = "") -> dict[str, object]:
    """One requirement dict (schema in notices.models.Notice.requirements) from its text."""
    text = " ".join(text.split())
    kind = kind or requirement_kind(text)
    amount: Decimal | None = None
    currency = ""
    if kind in ("turnover", "insurance"):
        amount, currency = parse_amount(text)
    standard = ""
    if kind == "certification":
        found = _CERTIFICATION.search(text)
        standard = " ".join(found.group(1).upper().split()) if found else ""
    count: int | None = None
    if kind == "references":
        found = _COUNT.search(text)
        if found:
            word = found.group(1).lower()
            count = int(word) if word.isdigit() else _COUNT_WORDS.get(word)
    return {
        "kind": kind,
        "text": text[:MAX_AMOUNT_TEXT],
        "lot": lot,
        "amount": float(amount) if amount is not None else None,
        "currency": currency,
        "standard": standard,
        "count": count,
    }


def requirements_from_paragraphs(
    paragraphs: list[str], *, lot: str = ""
) -> list[dict[str, object]]:
    """Requirements from free-text paragraphs: one per paragraph that carries a known cue."""
    found = []
    for paragraph in paragraphs:
        paragraph = " ".join(paragraph.split())
        if len(paragraph) < 8:
            continue
        kind = requirement_kind(paragraph, default="")
        if kind:
            found.append(requirement_from_text(paragraph, kind=kind, lot=lot))
    return found
