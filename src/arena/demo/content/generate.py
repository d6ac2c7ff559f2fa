"""Compose the demo content from the hand-written templates, the same on every machine.

Everything random comes from one `random.Random(SEED)` consumed in a fixed order, so the output
depends only on the code and on `year` (focus areas and timelines belong to the current year).
"""

import dataclasses
import functools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from arena.demo.content import common
from arena.demo.content.buyers import BUYERS, CO_OWNERSHIPS, NETWORKS
from arena.demo.content.companies import (
    CERTIFICATIONS_BY_SECTOR,
    COMPANY_PLACES,
    EXISTING_COMPANIES,
    PLACE_NAMES,
    PLACE_REGIONS,
    SECTOR_WEIGHTS,
)
from arena.demo.content.matches import check_pairs
from arena.demo.content.orgnr import org_number
from arena.demo.content.people import (
    COMPANY_CONTACT_ROLES,
    COMPANY_FOUNDER_TITLES,
    ascii_fold,
    email_for,
    fiction_phone,
    full_name,
)
from arena.demo.content.sectors import (
    CHALLENGE_TEMPLATES,
    FOCUS_AREAS,
    SECTOR_BY_KEY,
    SECTORS,
)
from arena.demo.content.types import (
    BuyerSpec,
    ChallengeSpec,
    ChallengeTemplate,
    CompanySpec,
    ContactSpec,
    FocusAreaSpec,
    NetworkSpec,
    Pair,
    PersonSpec,
    ReferenceSpec,
    Sector,
    SolutionSpec,
    SolutionTemplate,
)
from arena.needs.enums import ChallengeStatus as CS
from arena.needs.enums import Visibility
from arena.organisations.enums import OrganisationKind as K
from arena.organisations.enums import SizeClass
from arena.supply.enums import PricingModel, Stage

SEED = 20260415
NEW_COMPANIES = 245  # plus the five of services.ORGANISATIONS: 250
NEW_SOLUTIONS_PER_COMPANY = (3,) * 30 + (2,) * 85 + (1,) * 130  # 390, plus 2 × 5 existing: 400
EXISTING_SOLUTIONS_PER_COMPANY = 2

STAGE_TRL = {
    Stage.IDEA: (1, 3),
    Stage.PROTOTYPE: (3, 5),
    Stage.PILOT: (5, 7),
    Stage.MARKET: (7, 9),
}
STAGE_ORDER = (Stage.IDEA, Stage.PROTOTYPE, Stage.PILOT, Stage.MARKET)
CHALLENGE_SECTOR = {t.key: s.key for s in SECTORS for t in s.challenges}
SOLUTION_SECTOR = {t.key: s.key for s in SECTORS for t in s.solutions}
_NBSP = "\u00a0"


@dataclass(frozen=True)
class DemoContent:
    year: int
    buyers: tuple[BuyerSpec, ...]
    focus_areas: tuple[FocusAreaSpec, ...]
    challenges: tuple[ChallengeSpec, ...]
    companies: tuple[CompanySpec, ...]
    solutions: tuple[SolutionSpec, ...]
    references: tuple[ReferenceSpec, ...]
    networks: tuple[NetworkSpec, ...]


@functools.cache
def demo_content(year: int) -> DemoContent:
    """All demo content for `year`; built once per process (about 50 ms)."""
    check_pairs()
    rng = random.Random(SEED)
    challenges = _challenges(rng, year)
    focus_areas = _focus_areas(rng, year, challenges)
    companies = _companies(rng, year)
    solutions, references = _solutions(rng, year, companies)
    companies = _finish_companies(companies, solutions)
    challenges = _invite(rng, challenges, companies)
    return DemoContent(
        year=year,
        buyers=BUYERS,
        focus_areas=tuple(focus_areas),
        challenges=tuple(challenges),
        companies=tuple(companies),
        solutions=tuple(solutions),
        references=tuple(references),
        networks=_networks(companies),
    )


## Formatting


def _sig(value: float, digits: int = 2) -> int:
    """Round to `digits` significant digits: 12 345 → 12 000."""
    if value < 10:
        return max(1, round(value))
    magnitude = 10 ** (len(str(int(value))) - digits)
    return int(round(value / magnitude) * magnitude)


def _sv_int(value: int) -> str:
    return f"{value:,}".replace(",", _NBSP)


def _en_int(value: int) -> str:
    return f"{value:,}"


def _genitive(name: str) -> str:
    """Swedish genitive of a name: Umeå kommuns, Trafikverkets, Norrvatten i Umeå AB:s."""
    if name.endswith(("s", "x", "z")):
        return name
    if name[-1].isupper():
        return f"{name}:s"
    return f"{name}s"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


## Challenges


def _templates_for(buyer: BuyerSpec) -> list[ChallengeTemplate]:
    return [
        template
        for area in buyer.focus
        for template in FOCUS_AREAS[area][0].challenges
        if template.focus == area and template.kinds & buyer.roles
    ]


def _pick_templates(
    rng: random.Random, buyer: BuyerSpec, usage: Counter[str]
) -> list[ChallengeTemplate]:
    allowed = _templates_for(buyer)
    allowed_keys = {t.key for t in allowed}
    unknown = [key for key in buyer.prefer if key not in allowed_keys]
    if unknown:
        raise ValueError(f"{buyer.name} prefers challenges outside its focus areas: {unknown}")
    preferred = [CHALLENGE_TEMPLATES[key] for key in buyer.prefer]
    rest = [t for t in allowed if t.key not in buyer.prefer]
    rest.sort(key=lambda t: (usage[t.key], rng.random()))
    picks = (preferred + rest)[: buyer.challenges]
    if len(picks) < buyer.challenges:
        raise ValueError(f"{buyer.name} has too few fitting challenge templates")
    return picks


def _challenge_text(
    rng: random.Random, buyer: BuyerSpec, template: ChallengeTemplate, repeat: bool
) -> dict[str, str]:
    n = _sig(rng.randint(*template.n) * buyer.scale) if template.n != (0, 0) else 0
    pct = str(rng.choice(template.pct))
    in_sv, in_en = (
        f"{buyer.preposition_sv} {buyer.place_sv}",
        f"{buyer.preposition_en} {buyer.place_en}",
    )
    sv = {
        "place": buyer.place_sv,
        "in_place": in_sv,
        "In_place": _upper_first(in_sv),
        "n": _sv_int(n),
    }
    en = {
        "place": buyer.place_en,
        "in_place": in_en,
        "In_place": _upper_first(in_en),
        "n": _en_int(n),
    }
    sv["pct"] = en["pct"] = pct
    closings = rng.sample(common.CHALLENGE_CLOSINGS, 2 if rng.random() < 0.3 else 1)
    title_sv, title_en = template.title_sv, template.title_en
    national = buyer.kind == K.AGENCY
    if not national and "–" not in title_sv and (repeat or rng.random() < 0.25):
        title_sv, title_en = f"{title_sv} {in_sv}", f"{title_en} {in_en}"
    return {
        "title_sv": title_sv,
        "title_en": title_en,
        "text_sv": " ".join([template.text_sv.format(**sv), *(c[0] for c in closings)]),
        "text_en": " ".join([template.text_en.format(**en), *(c[1] for c in closings)]),
        "problem": template.problem.format(**sv),
        "desired_effects": template.desired_effects.format(**sv),
        "success_criteria": template.success_criteria.format(**sv),
        "constraints": template.constraints.format(**sv),
    }


def _budget(rng: random.Random, template: ChallengeTemplate) -> tuple[int | None, int | None]:
    if rng.random() < 0.1:
        return None, None
    step = 50_000
    high = max(step, round(rng.randint(*template.budget) / step) * step)
    if rng.random() < 0.2:
        return None, high
    low = round(high * rng.choice((0.25, 0.4, 0.5)) / step) * step
    return low, high


def _status_paths(rng: random.Random, count: int) -> list[tuple[str, ...]]:
    """A spread of statuses, each as the steps from draft: most published, some far along."""
    shares = {
        CS.DRAFT: 0.08,
        CS.IN_DIALOGUE: 0.18,
        CS.PILOT: 0.11,
        CS.PROCUREMENT: 0.07,
        CS.CLOSED: 0.07,
    }
    targets = [status for status, share in shares.items() for _ in range(round(count * share))]
    targets += [CS.PUBLISHED] * (count - len(targets))
    rng.shuffle(targets)
    paths: list[tuple[str, ...]] = []
    for target in targets:
        if target == CS.DRAFT:
            paths.append(())
        elif target == CS.PUBLISHED:
            paths.append((CS.PUBLISHED,))
        elif target == CS.IN_DIALOGUE:
            paths.append((CS.PUBLISHED, CS.IN_DIALOGUE))
        elif target == CS.PILOT:
            paths.append((CS.PUBLISHED, CS.IN_DIALOGUE, CS.PILOT))
        elif target == CS.PROCUREMENT:
            paths.append(
                rng.choice(
                    (
                        (CS.PUBLISHED, CS.IN_DIALOGUE, CS.PROCUREMENT),
                        (CS.PUBLISHED, CS.IN_DIALOGUE, CS.PILOT, CS.PROCUREMENT),
                    )
                )
            )
        else:
            paths.append(
                rng.choice(
                    (
                        # a pilot that never became a procurement (the prototype graveyard)
                        (CS.PUBLISHED, CS.IN_DIALOGUE, CS.PILOT, CS.CLOSED),
                        (CS.PUBLISHED, CS.IN_DIALOGUE, CS.PILOT, CS.PROCUREMENT, CS.CLOSED),
                        (CS.PUBLISHED, CS.CLOSED),
                    )
                )
            )
    return paths


def _timeline(rng: random.Random, path: tuple[str, ...], year: int) -> str:
    season = rng.choice(common.SEASONS_SV)
    status = path[-1] if path else CS.DRAFT
    if status in (CS.DRAFT, CS.PUBLISHED):
        return f"Marknadsdialog {season} {year}, pilot under {year + 1}, möjlig upphandling {year + 1}–{year + 2}."
    if status == CS.IN_DIALOGUE:
        return f"Dialogmöten med företag pågår {year}. Pilot planeras till {season} {year + 1}."
    if status == CS.PILOT:
        return (
            f"Pilot {year}–{year + 1} i två verksamheter; utvärdering inför upphandling {year + 1}."
        )
    if status == CS.PROCUREMENT:
        return f"Upphandling annonseras {season} {year}; avtalsstart {year + 1}."
    if CS.PROCUREMENT in path:
        return f"Avtal tecknat {year}. Utmaningen är avslutad och erfarenheterna delas i nätverket."
    if CS.PILOT in path:
        return f"Piloten avslutades {year} utan att gå vidare till upphandling; lärdomarna är dokumenterade."
    return f"Avslutad {year}: behovet löstes inom befintliga avtal."


def _challenges(rng: random.Random, year: int) -> list[ChallengeSpec]:
    usage: Counter[str] = Counter()
    drafts: list[ChallengeSpec] = []  # status, visibility and timeline come once all are known
    for buyer in BUYERS:
        for template in _pick_templates(rng, buyer, usage):
            repeat = usage[template.key] > 0
            usage[template.key] += 1
            texts = _challenge_text(rng, buyer, template, repeat)
            language = rng.random()
            if language < 0.08:
                texts["title_en"] = texts["text_en"] = ""
            elif language < 0.11 and buyer.kind != K.MUNICIPAL_COMPANY:
                texts["title_sv"] = texts["text_sv"] = ""
            local = K.MUNICIPALITY in buyer.roles or buyer.kind == K.MUNICIPAL_COMPANY
            budget_min, budget_max = _budget(rng, template)
            drafts.append(
                ChallengeSpec(
                    key=template.key,
                    owner=buyer.org_number,
                    focus=template.focus,
                    title_sv=texts["title_sv"],
                    title_en=texts["title_en"],
                    text_sv=texts["text_sv"],
                    text_en=texts["text_en"],
                    problem=texts["problem"],
                    desired_effects=texts["desired_effects"],
                    success_criteria=texts["success_criteria"],
                    constraints=texts["constraints"],
                    timeline="",
                    cpv=template.cpv,
                    sdg=template.sdg,
                    municipality_codes=(buyer.municipality_code,) if local else (),
                    region_codes=(buyer.region_code,) if buyer.kind == K.REGION else (),
                    visibility=Visibility.PUBLIC,
                    budget_min=budget_min,
                    budget_max=budget_max,
                    status_path=(),
                    circular_economy=template.circular_economy,
                    climate_neutral=template.climate_neutral,
                    digital_data=template.digital_data,
                )
            )
    paths = _status_paths(rng, len(drafts))
    networked = {
        _org_number_of(name) for _n, _s, _d, members, _regions in NETWORKS for name in members
    }
    specs: list[ChallengeSpec] = []
    confidential = 0
    for draft, path in zip(drafts, paths, strict=True):
        visibility = Visibility.PUBLIC
        roll = rng.random()
        if draft.owner in networked and roll < 0.18:
            visibility = Visibility.NETWORK
        elif (
            path and path[-1] in (CS.PUBLISHED, CS.IN_DIALOGUE) and roll > 0.85 and confidential < 4
        ):
            visibility = Visibility.CONFIDENTIAL
            confidential += 1
        specs.append(
            dataclasses.replace(
                draft,
                timeline=_timeline(rng, path, year),
                visibility=visibility,
                status_path=path,
            )
        )
    return _co_own(specs)


def _org_number_of(name: str) -> str:
    for buyer in BUYERS:
        if buyer.name == name:
            return buyer.org_number
    raise KeyError(name)


def _co_own(specs: list[ChallengeSpec]) -> list[ChallengeSpec]:
    for owner, key, co_owner in CO_OWNERSHIPS:
        owner_number = _org_number_of(owner)
        index = next(
            (i for i, s in enumerate(specs) if s.owner == owner_number and s.key == key), None
        )
        if index is None:
            raise ValueError(f"{owner} has no challenge {key} to share with {co_owner}")
        specs[index] = dataclasses.replace(
            specs[index], co_owners=(*specs[index].co_owners, _org_number_of(co_owner))
        )
    return specs


## Focus areas and needs assessments

_WORKSHOP_NOTES = (
    "Fördjupningsworkshop med verksamheten: vi enades om att börja med det som tar mest tid i vardagen och att mäta före och efter.",
    "Workshop med brukarrepresentanter och personal. Viktigast för användarna: enkelhet, trygghet och att inget nytt system ska behöva läras in i onödan.",
    "Vid workshopen kartlade vi nuläget i en processkarta. Tre förslag på funktionskrav togs fram och skickas på remiss till IT och dataskyddsombudet.",
    "Workshop tillsammans med två grannkommuner med samma behov; vi undersöker gemensam upphandling.",
)


def _focus_areas(
    rng: random.Random, year: int, challenges: list[ChallengeSpec]
) -> list[FocusAreaSpec]:
    used: dict[tuple[str, str], str] = {}
    for challenge in challenges:
        used.setdefault((challenge.owner, challenge.focus), challenge.key)
    specs: list[FocusAreaSpec] = []
    for buyer in BUYERS:
        for key in buyer.focus:
            sector, area = FOCUS_AREAS[key]
            template_key = used.get((buyer.org_number, key))
            template = (
                CHALLENGE_TEMPLATES[template_key]
                if template_key
                else next(t for t in sector.challenges if t.focus == key)
            )
            specs.append(
                FocusAreaSpec(
                    owner=buyer.org_number,
                    key=key,
                    title=area.title,
                    description=area.description,
                    assessment=_assessment(rng, year, sector, area.key, template),
                )
            )
    return specs


def _assessment(
    rng: random.Random, year: int, sector: Sector, area_key: str, template: ChallengeTemplate
) -> dict[str, object]:
    """A needs assessment in one of four states: not started, started, half-way, complete."""
    _sector, area = FOCUS_AREAS[area_key]
    n = _sig(sum(template.n) / 2) if template.n != (0, 0) else 0
    values = {"n": _sv_int(n), "pct": str(template.pct[0])}
    roll = rng.random()
    if roll < 0.15:
        return {}
    fields: dict[str, object] = {
        "current_situation": area.current_situation,
        "problem": template.problem,
    }
    if roll < 0.4:
        return fields
    fields |= {
        "affected": area.affected,
        "wanted_effects": template.desired_effects,
        "effect_measures": template.success_criteria.format(**values),
        "internal_owners": area.internal_owners,
    }
    if roll < 0.75:
        return fields
    low, high = template.budget
    fields |= {
        "legal_constraints": sector.legal_constraints,
        "data_constraints": sector.data_constraints,
        "it_constraints": sector.it_constraints,
        "budget_min": low,
        "budget_max": high,
        "timeline": f"Behovsanalysen klar {rng.choice(common.SEASONS_SV)} {year}; därefter marknadsdialog och pilot {year + 1}.",
        "workshop_notes": rng.choice(_WORKSHOP_NOTES),
    }
    return fields


## Companies


def _sector_list(rng: random.Random) -> list[str]:
    total = sum(SECTOR_WEIGHTS.values())
    counts = {key: NEW_COMPANIES * weight // total for key, weight in SECTOR_WEIGHTS.items()}
    by_remainder = sorted(
        SECTOR_WEIGHTS, key=lambda key: -(NEW_COMPANIES * SECTOR_WEIGHTS[key] % total)
    )
    for key in by_remainder[: NEW_COMPANIES - sum(counts.values())]:
        counts[key] += 1
    sectors = [key for key, count in counts.items() for _ in range(count)]
    rng.shuffle(sectors)
    return sectors


def _brands(rng: random.Random) -> list[str]:
    excluded = {company.brand for company in EXISTING_COMPANIES} | set(common.BRAND_EXCLUDED)
    brands = [
        head + tail
        for head in common.BRAND_HEADS
        for tail in common.BRAND_TAILS
        if head + tail not in excluded
    ]
    rng.shuffle(brands)
    return brands


def _unique_number(rng: random.Random, prefix: str, taken: set[str]) -> str:
    while True:
        number = org_number(
            prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        )
        if number not in taken:
            taken.add(number)
            return number


def _companies(rng: random.Random, year: int) -> list[CompanySpec]:
    taken_numbers = {buyer.org_number for buyer in BUYERS} | {
        company.org_number for company in EXISTING_COMPANIES
    }
    emails: set[str] = {company.contact_email for company in EXISTING_COMPANIES}
    places = [code for code, _name, _region, weight in COMPANY_PLACES for _ in range(weight)]
    specs: list[CompanySpec] = []
    for existing in EXISTING_COMPANIES:
        sector = SECTOR_BY_KEY[existing.sector]
        domain = f"{ascii_fold(existing.brand)}.example"
        founder = PersonSpec(existing.contact_email, existing.contact_name, "grundare")
        specs.append(
            CompanySpec(
                name=existing.name,
                org_number=existing.org_number,
                size_class=existing.size_class,
                is_startup=existing.is_startup,
                municipality_code=existing.municipality_code,
                website=f"https://{domain.removesuffix('.example')}.example",
                description="",
                pitch=rng.choice(sector.pitches),
                profile_description="",
                founded_year=existing.founded_year,
                employees=existing.employees,
                certifications=(),
                founder=founder,
                contacts=(
                    ContactSpec(
                        existing.contact_name,
                        "grundare",
                        existing.contact_email,
                        fiction_phone(rng),
                        True,
                    ),
                ),
                sectors=(existing.sector,),
                brand=existing.brand,
                existing=True,
            )
        )
    names = {spec.name for spec in specs}
    brands = iter(_brands(rng))
    for sector_key in _sector_list(rng):
        sector = SECTOR_BY_KEY[sector_key]
        brand = next(brands)
        name = f"{brand} {rng.choice(sector.company_words)} AB"
        if name in names:  # pragma: no cover - brands are unique
            raise ValueError(name)
        names.add(name)
        roll = rng.random()
        size = (
            SizeClass.MICRO if roll < 0.45 else SizeClass.SMALL if roll < 0.8 else SizeClass.MEDIUM
        )
        startup = size != SizeClass.MEDIUM and rng.random() < 0.62
        founded = rng.randint(year - 7, year - 1) if startup else rng.randint(1986, year - 8)
        employees = {
            SizeClass.MICRO: rng.randint(1, 9),
            SizeClass.SMALL: rng.randint(10, 49),
            SizeClass.MEDIUM: rng.randint(50, 240),
        }[size]
        domain = f"{ascii_fold(brand)}.example"
        founder_name = full_name(rng)
        founder = PersonSpec(
            email_for(founder_name, domain, emails),
            founder_name,
            rng.choice(COMPANY_FOUNDER_TITLES),
        )
        contacts = [
            ContactSpec(founder_name, founder.title, founder.email, fiction_phone(rng), True)
        ]
        if rng.random() < 0.4:
            other = full_name(rng)
            contacts.append(
                ContactSpec(
                    other,
                    rng.choice(COMPANY_CONTACT_ROLES),
                    email_for(other, domain, emails),
                    fiction_phone(rng) if rng.random() < 0.7 else "",
                    rng.random() < 0.5,
                )
            )
        possible = CERTIFICATIONS_BY_SECTOR[sector_key]
        certifications: tuple[str, ...] = ()
        if size != SizeClass.MICRO and rng.random() < (0.8 if size == SizeClass.MEDIUM else 0.35):
            certifications = tuple(rng.sample(possible, rng.randint(1, len(possible))))
        secondary = (
            (rng.choice([s.key for s in SECTORS if s.key != sector_key]),)
            if rng.random() < 0.25
            else ()
        )
        specs.append(
            CompanySpec(
                name=name,
                org_number=_unique_number(rng, "559" if founded >= 2015 else "556", taken_numbers),
                size_class=size,
                is_startup=startup,
                municipality_code=rng.choice(places),
                website=f"https://{domain}",
                description="",
                pitch=rng.choice(sector.pitches),
                profile_description="",
                founded_year=founded,
                employees=employees,
                certifications=certifications,
                founder=founder,
                contacts=tuple(contacts),
                sectors=(sector_key, *secondary),
                brand=brand,
            )
        )
    return specs


def _finish_companies(
    companies: list[CompanySpec], solutions: list[SolutionSpec]
) -> list[CompanySpec]:
    """Write the profile texts (they name the solutions) and mark one founder as a printed login."""
    titles: dict[str, list[str]] = {}
    for solution in solutions:
        titles.setdefault(solution.company, []).append(solution.title)
    printed = next(
        s.company
        for s in solutions
        if s.key == "homecare-route-planner"
        and not next(c for c in companies if c.org_number == s.company).existing
    )
    finished = []
    for company in companies:
        place = PLACE_NAMES.get(company.municipality_code, "Sverige")
        offers = titles.get(company.org_number, [])
        offer = ", ".join(f"”{t}”" for t in offers)
        startup = (
            " Vi är ett startup-företag som vill växa tillsammans med offentliga kunder."
            if company.is_startup
            else ""
        )
        profile = (
            f"{company.name} grundades {company.founded_year} i {place} och har "
            f"{company.employees} medarbetare. {company.pitch}{startup} "
            f"Vi erbjuder bland annat {offer}."
        )
        founder = company.founder
        if company.org_number == printed:
            title = f"{founder.title}, {company.name} ({'startup' if company.is_startup else 'företag'})"
            founder = dataclasses.replace(founder, title=title, printed=True)
        finished.append(
            dataclasses.replace(
                company,
                description=company.description or company.pitch,
                profile_description=profile,
                founder=founder,
            )
        )
    return finished


## Solutions


def _stage(rng: random.Random, template: SolutionTemplate) -> tuple[Stage, int]:
    roll = rng.random()
    index = 0 if roll < 0.08 else 1 if roll < 0.25 else 2 if roll < 0.47 else 3
    low, high = template.trl
    while True:
        stage = STAGE_ORDER[index]
        stage_low, stage_high = STAGE_TRL[stage]
        if max(stage_low, low) <= min(stage_high, high):
            return stage, rng.randint(max(stage_low, low), min(stage_high, high))
        index += 1 if stage_high < low else -1


def _customer_for(rng: random.Random, sector_key: str) -> BuyerSpec:
    fitting = [b for b in BUYERS if any(FOCUS_AREAS[a][0].key == sector_key for a in b.focus)]
    return rng.choice(fitting or list(BUYERS))


def _nice_price(value: int) -> int:
    return _sig(value, 2)


def _pick_solution_template(
    rng: random.Random, sector: Sector, used: set[str], usage: Counter[str]
) -> SolutionTemplate:
    options = [t for t in sector.solutions if t.key not in used]
    options.sort(key=lambda t: (usage[t.key], rng.random()))
    return options[0]


def _solution(
    rng: random.Random,
    year: int,
    company: CompanySpec,
    template: SolutionTemplate,
    sector_key: str,
    seen: set[str],
) -> tuple[SolutionSpec, ReferenceSpec | None]:
    """One company's variant of a solution template; `seen` keeps titles and texts unique."""
    stage, trl = _stage(rng, template)
    product = f"{company.brand} {rng.choice(common.PRODUCT_SUFFIXES)}"
    style = rng.random()
    if style < 0.5:
        title_sv = f"{product}: {_lower_first(template.title_sv)}"
        title_en = f"{product}: {_lower_first(template.title_en)}"
    elif style < 0.8:
        title_sv, title_en = f"{template.title_sv} – {product}", f"{template.title_en} – {product}"
    elif template.title_sv not in seen:
        title_sv, title_en = template.title_sv, template.title_en
    else:
        title_sv = f"{product}: {_lower_first(template.title_sv)}"
        title_en = f"{product}: {_lower_first(template.title_en)}"
    seen.add(title_sv)
    customer = _customer_for(rng, sector_key)
    pct = str(rng.choice(template.pct))
    values = {"customer": customer.name, "customer_gen": _genitive(customer.name), "pct": pct}
    reference = None
    if stage == Stage.MARKET:
        closing: Pair = (
            template.evidence[0].format(**values),
            template.evidence[1].format(**values),
        )
        reference = ReferenceSpec(
            company=company.org_number,
            customer_name=customer.name,
            customer=customer.org_number,
            year=year - rng.randint(0, 3),
            description=closing[0],
            solution_title=title_sv,
        )
    else:
        sentence = rng.choice(common.STAGE_SENTENCES[stage])
        closing = (sentence[0].format(**values), sentence[1].format(**values))
    while True:  # another choice of features or angle when a company already says exactly this
        features: Sequence[Pair] = rng.sample(
            template.features, rng.randint(2, min(4, len(template.features)))
        )
        angle = rng.choice(common.SOLUTION_ANGLES)
        text_sv = " ".join([template.summary_sv, *(f[0] for f in features), closing[0], angle[0]])
        text_en = " ".join([template.summary_en, *(f[1] for f in features), closing[1], angle[1]])
        if text_sv not in seen:
            seen.add(text_sv)
            break
    languages = list(template.languages)
    roll = rng.random()
    if roll < 0.08:
        title_en = text_en = ""
    elif roll < 0.13:
        title_sv = text_sv = ""
    if rng.random() < 0.12 and "fi" not in languages:
        languages.append("fi")
    if stage == Stage.IDEA:
        pricing_model = rng.choice(("", PricingModel.OTHER))
        pricing_note = (
            "Prissättningen bestäms tillsammans med de första kunderna." if pricing_model else ""
        )
    else:
        pricing_model = rng.choice(template.pricing)
        price = _nice_price(rng.randint(*template.price))
        pricing_note = template.price_note.format(price=_sv_int(price))
    deployment = template.deployment
    if stage in (Stage.IDEA, Stage.PROTOTYPE):
        deployment += (
            " Under utvecklingen behöver vi en kontaktperson hos kunden några timmar i veckan."
        )
    published_share = {Stage.IDEA: 0.5, Stage.PROTOTYPE: 0.8}.get(stage, 0.92)
    spec = SolutionSpec(
        key=template.key,
        company=company.org_number,
        title_sv=title_sv,
        title_en=title_en,
        text_sv=text_sv,
        text_en=text_en,
        trl=trl,
        stage=stage,
        cpv=template.cpv,
        sdg=template.sdg,
        pricing_model=pricing_model,
        pricing_note=pricing_note,
        deployment_requirements=deployment,
        languages=tuple(languages),
        published=rng.random() < published_share,
    )
    if reference is not None:
        reference = dataclasses.replace(reference, solution_title=spec.title)
    return spec, reference


def _solutions(
    rng: random.Random, year: int, companies: list[CompanySpec]
) -> tuple[list[SolutionSpec], list[ReferenceSpec]]:
    counts = list(NEW_SOLUTIONS_PER_COMPANY)
    rng.shuffle(counts)
    new_counts = iter(counts)
    usage: Counter[str] = Counter()
    seen: set[str] = set()
    solutions: list[SolutionSpec] = []
    references: list[ReferenceSpec] = []
    for company in companies:
        count = EXISTING_SOLUTIONS_PER_COMPANY if company.existing else next(new_counts)
        used: set[str] = set()
        named: set[str] = set()  # one reference per customer and company
        for index in range(count):
            sector_key = company.sectors[-1] if index == 2 else company.sectors[0]
            template = _pick_solution_template(rng, SECTOR_BY_KEY[sector_key], used, usage)
            used.add(template.key)
            usage[template.key] += 1
            spec, reference = _solution(rng, year, company, template, sector_key, seen)
            solutions.append(spec)
            if reference is not None and reference.customer_name not in named:
                named.add(reference.customer_name)
                references.append(reference)
        if rng.random() < 0.12:
            customer_name = rng.choice(common.PRIVATE_CUSTOMERS)
            references.append(
                ReferenceSpec(
                    company=company.org_number,
                    customer_name=customer_name,
                    customer=None,
                    year=year - rng.randint(0, 4),
                    description="Leverans och drift under ett år, med uppföljning varje kvartal.",
                    solution_title=None,
                )
            )
    return solutions, references


## Confidential challenges and networks


def _invite(
    rng: random.Random, challenges: list[ChallengeSpec], companies: list[CompanySpec]
) -> list[ChallengeSpec]:
    invited: list[ChallengeSpec] = []
    for challenge in challenges:
        if challenge.visibility == Visibility.CONFIDENTIAL:
            sector_key = CHALLENGE_SECTOR[challenge.key]
            fitting = [
                c.org_number for c in companies if sector_key in c.sectors and not c.existing
            ]
            challenge = dataclasses.replace(challenge, invited=tuple(rng.sample(fitting, 3)))
        invited.append(challenge)
    return invited


def _networks(companies: list[CompanySpec]) -> tuple[NetworkSpec, ...]:
    networks = []
    for name, slug, description, buyer_names, regions in NETWORKS:
        members = [_org_number_of(buyer_name) for buyer_name in buyer_names]
        members += [
            c.org_number for c in companies if PLACE_REGIONS.get(c.municipality_code) in regions
        ][:15]
        networks.append(NetworkSpec(name, slug, description, tuple(members)))
    return tuple(networks)
