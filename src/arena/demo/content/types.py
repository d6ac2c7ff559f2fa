"""The shapes of the demo content: templates written by hand, and the specs generated from them.

Plain frozen dataclasses, no database: codes (CPV, SDG targets, municipalities, regions) are strings
that `arena.demo.services` resolves against the reference tables.
"""

from dataclasses import dataclass, field

from arena.organisations.enums import OrganisationKind

BUYER_KIND_VALUES = frozenset(
    {
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.REGION,
        OrganisationKind.AGENCY,
        OrganisationKind.MUNICIPAL_COMPANY,
    }
)
LOCAL = frozenset({OrganisationKind.MUNICIPALITY, OrganisationKind.MUNICIPAL_COMPANY})
MUNICIPAL = frozenset({OrganisationKind.MUNICIPALITY})

Pair = tuple[str, str]  # (Swedish, English)


## Templates (hand-written)


@dataclass(frozen=True)
class FocusAreaTemplate:
    """A focus area a buyer might choose, with the parts of its needs assessment it starts from."""

    key: str
    title: str
    description: str
    current_situation: str
    affected: str
    internal_owners: str


@dataclass(frozen=True)
class ChallengeTemplate:
    """A need written as a problem and the effect wanted, never as a product.

    Texts may use {place} (the buyer's place, in the text's language), {in_place} and {In_place}
    ("i Umeå", "på Gotland"), {n} (a size drawn from `n`) and {pct} (a target drawn from `pct`).
    `budget` is the range of the upper budget in SEK.
    """

    key: str
    focus: str
    title_sv: str
    title_en: str
    text_sv: str
    text_en: str
    problem: str
    desired_effects: str
    success_criteria: str
    constraints: str
    cpv: tuple[str, ...]
    sdg: tuple[str, ...]
    budget: tuple[int, int]
    n: tuple[int, int] = (0, 0)
    pct: tuple[int, ...] = (15, 20, 25, 30)
    circular_economy: bool = False
    climate_neutral: bool = False
    digital_data: bool = False
    kinds: frozenset[str] = BUYER_KIND_VALUES


@dataclass(frozen=True)
class SolutionTemplate:
    """A kind of solution; several companies offer variants of it, each in its own words.

    `evidence` may use {customer} and {pct}; `price_note` may use {price}.
    """

    key: str
    title_sv: str
    title_en: str
    summary_sv: str
    summary_en: str
    features: tuple[Pair, ...]
    evidence: Pair
    deployment: str
    cpv: tuple[str, ...]
    sdg: tuple[str, ...]
    pricing: tuple[str, ...]
    price_note: str
    price: tuple[int, int]
    trl: tuple[int, int] = (2, 9)
    languages: tuple[str, ...] = ("sv", "en")
    pct: tuple[int, ...] = (12, 18, 22, 30)


@dataclass(frozen=True)
class Sector:
    key: str
    name_sv: str
    name_en: str
    company_words: tuple[str, ...]
    pitches: tuple[str, ...]
    focus_areas: tuple[FocusAreaTemplate, ...]
    challenges: tuple[ChallengeTemplate, ...]
    solutions: tuple[SolutionTemplate, ...]
    legal_constraints: str = ""
    data_constraints: str = ""
    it_constraints: str = ""


## Specs (generated)


@dataclass(frozen=True)
class PersonSpec:
    email: str
    full_name: str
    title: str
    printed: bool = False


@dataclass(frozen=True)
class BuyerSpec:
    """A public buyer; `existing` ones are the hand-written organisations in arena.demo.services."""

    name: str
    kind: str
    org_number: str
    place_sv: str
    place_en: str
    focus: tuple[str, ...]  # focus area template keys, this year
    challenges: int
    municipality_code: str = ""
    region_code: str = ""
    admin: PersonSpec | None = None  # None: a person in services.PEOPLE administers it
    description: str = ""
    acts_as: frozenset[str] = frozenset()  # further kinds whose challenges fit (Region Gotland)
    scale: float = 1.0  # multiplies the sizes in challenge texts
    prefer: tuple[str, ...] = ()  # challenge template keys to use first
    existing: bool = False
    preposition_sv: str = "i"  # på Gotland
    preposition_en: str = "in"  # on Gotland

    @property
    def roles(self) -> frozenset[str]:
        return self.acts_as | {self.kind}


@dataclass(frozen=True)
class FocusAreaSpec:
    owner: str  # org number
    key: str
    title: str
    description: str
    assessment: dict[str, object]


@dataclass(frozen=True)
class ChallengeSpec:
    key: str  # the template's key
    owner: str  # org number
    focus: str  # focus area template key
    title_sv: str
    title_en: str
    text_sv: str
    text_en: str
    problem: str
    desired_effects: str
    success_criteria: str
    constraints: str
    timeline: str
    cpv: tuple[str, ...]
    sdg: tuple[str, ...]
    municipality_codes: tuple[str, ...]
    region_codes: tuple[str, ...]
    visibility: str
    budget_min: int | None
    budget_max: int | None
    status_path: tuple[str, ...]  # the statuses after draft, one step at a time
    circular_economy: bool
    climate_neutral: bool
    digital_data: bool
    co_owners: tuple[str, ...] = ()
    invited: tuple[str, ...] = ()  # companies invited to a confidential challenge (org numbers)

    @property
    def title(self) -> str:
        return self.title_sv or self.title_en


@dataclass(frozen=True)
class ContactSpec:
    name: str
    role: str
    email: str
    phone: str
    is_public: bool


@dataclass(frozen=True)
class CompanySpec:
    name: str
    org_number: str
    size_class: str
    is_startup: bool
    municipality_code: str
    website: str
    description: str
    pitch: str
    profile_description: str
    founded_year: int
    employees: int
    certifications: tuple[str, ...]
    founder: PersonSpec
    contacts: tuple[ContactSpec, ...]
    sectors: tuple[str, ...]
    brand: str
    existing: bool = False  # one of the hand-written organisations in services.ORGANISATIONS


@dataclass(frozen=True)
class SolutionSpec:
    key: str  # the template's key
    company: str  # org number
    title_sv: str
    title_en: str
    text_sv: str
    text_en: str
    trl: int
    stage: str
    cpv: tuple[str, ...]
    sdg: tuple[str, ...]
    pricing_model: str
    pricing_note: str
    deployment_requirements: str
    languages: tuple[str, ...]
    published: bool

    @property
    def title(self) -> str:
        return self.title_sv or self.title_en


@dataclass(frozen=True)
class ReferenceSpec:
    company: str  # org number
    customer_name: str
    customer: str | None  # org number of a demo buyer
    year: int
    description: str
    solution_title: str | None


@dataclass(frozen=True)
class NetworkSpec:
    name: str
    slug: str
    description: str
    members: tuple[str, ...] = field(default=())
