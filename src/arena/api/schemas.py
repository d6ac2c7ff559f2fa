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


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation may give, each a JSON {"detail": ...}, for its responses.

    400 a body that is not JSON (or a NUL character anywhere, answered in plain text before the
    API sees the request), 401 missing or bad credentials, 403 a session cookie without its CSRF
    token, 404 an object the caller may not see, 415 a form post instead of JSON, 422 a value out
    of bounds or refused by the rules.
    """
    return dict.fromkeys(codes, ErrorOut)
