from ninja import Schema


class PlaceOut(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    size_class: str
    is_startup: bool
    intermediary_kind: str
    org_number: str
    municipality: PlaceOut | None
    region: PlaceOut | None
    website: str
    description: str


class MemberOut(Schema):
    full_name: str
    email: str
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    language: str
    organisations: list[str]


class ErrorOut(Schema):
    detail: str


class CpvCodeOut(Schema):
    code: str
    code_with_check_digit: str
    level: int
    label_sv: str
    label_en: str
    path: list[str]


class MunicipalityOut(Schema):
    code: str
    name: str
    region_code: str
    region_name: str
