"""What every parser returns: notices as plain data and the problems found on the way."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ParseError:
    """One problem in a file: where it is (line, XPath or JSON pointer) and what is wrong."""

    file: str
    position: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.position}" if self.position else self.file
        return f"{where}: {self.message}"


@dataclass
class ParsedLot:
    lot_id: str = ""
    title: str = ""
    description: str = ""
    cpv_codes: list[str] = field(default_factory=list)
    nuts_codes: list[str] = field(default_factory=list)
    estimated_value: Decimal | None = None
    sme_suitable: bool | None = None


@dataclass
class ParsedNotice:
    """One notice in the model's terms; `kind`, `contract_nature` hold the enums' values."""

    source: str
    source_id: str
    kind: str
    title: str
    procedure_id: str = ""
    schema_version: str = ""
    subtype: str = ""
    language: str = ""
    description: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    buyer_name: str = ""
    buyer_identifier: str = ""
    buyer_town: str = ""
    country: str = ""
    contract_nature: str = ""
    procedure_type: str = ""
    cpv_main: str = ""
    cpv_codes: list[str] = field(default_factory=list)  # main first, then additional and lots
    nuts_codes: list[str] = field(default_factory=list)
    published_on: datetime.date | None = None
    deadline: datetime.datetime | None = None
    estimated_value: Decimal | None = None
    currency: str = ""
    is_innovation: bool = False
    is_green: bool = False
    is_social: bool = False
    sme_suitable: bool | None = None
    requirements: list[dict[str, object]] = field(default_factory=list)
    url: str = ""
    lots: list[ParsedLot] = field(default_factory=list)
    position: str = ""  # where in the file the notice starts, for problems found later


@dataclass
class ParseResult:
    """Everything one file holds; a file with any problem is imported not at all."""

    file: str
    format: str = ""
    notices: list[ParsedNotice] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, position: str, message: str) -> None:
        self.errors.append(ParseError(self.file, position, message))


class FormatError(Exception):
    """A whole file cannot be read (not XML, unknown root, unsupported version...)."""

    def __init__(self, position: str, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message
