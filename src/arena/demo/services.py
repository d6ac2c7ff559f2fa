"""Believable demo content: real municipality and region names, invented companies and people.

The hand-written organisations and people below are the demo's logins; the bulk content (buyers,
focus areas, challenges, companies, solutions) is generated in `arena.demo.content` and written here
through the apps' own services, so it obeys the same rules as real data.

Every function here is idempotent: running `arena load-demo` twice leaves the same rows.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from arena.accounts.models import User
from arena.accounts.selectors import user_get_by_email
from arena.accounts.services import user_create
from arena.demo.alerts import demo_alerts_load
from arena.demo.content import DemoContent, demo_content
from arena.demo.content.types import BuyerSpec, ChallengeSpec, PersonSpec
from arena.demo.events import demo_events_load
from arena.demo.handwritten import (
    DEMO_PASSWORD,
    ORGANISATIONS,
    PEOPLE,
    STAFF_EMAIL,
    DemoLogin,
)
from arena.demo.networks import demo_networks_load
from arena.demo.notices import demo_notices_load
from arena.demo.pilots import demo_pilot_load
from arena.demo.programmes import NAME_SV as PROGRAMME_NAME_SV
from arena.demo.programmes import demo_programme_load
from arena.demo.readiness import demo_readiness_load
from arena.needs.models import Challenge, FocusArea
from arena.needs.services import (
    challenge_accept_nda,
    challenge_add_owner,
    challenge_create,
    challenge_invite_company,
    challenge_set_status,
    focus_area_create,
    needs_assessment_save,
)
from arena.networks.services import network_add_organisations, network_ensure
from arena.organisations.enums import MembershipRole, OrganisationKind
from arena.organisations.models import Organisation
from arena.organisations.services import membership_add, organisation_create
from arena.programmes.models import Programme
from arena.reference.models import CpvCode, Municipality, Region, SdgTarget
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution
from arena.supply.services import (
    company_profile_update,
    contact_person_create,
    customer_reference_create,
    solution_create,
    solution_publish,
)


def _person(*, email: str, full_name: str, password: str | None = DEMO_PASSWORD) -> User:
    return user_get_by_email(email=email) or user_create(
        email=email, full_name=full_name, password=password, language="sv"
    )


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Create the demo organisations, people and content unless they exist; return the logins."""
    staff = _person(email=STAFF_EMAIL, full_name="Arena Admin")
    if not staff.is_staff:
        staff.is_staff = staff.is_superuser = True
        staff.save(update_fields=["is_staff", "is_superuser"])
    _load_hand_written(staff)
    content = demo_content(timezone.localdate().year)
    extra_logins = _ContentLoader(content).load()
    demo_programme_load()
    demo_events_load(programme=Programme.objects.filter(name_sv=PROGRAMME_NAME_SV).first())
    demo_pilot_load()
    demo_networks_load()
    demo_notices_load()
    demo_readiness_load()
    demo_alerts_load()  # after the notices: it fits them to the demo companies
    logins = [DemoLogin(STAFF_EMAIL, DEMO_PASSWORD, "Arena-administratör (/admin/)")]
    logins += [DemoLogin(p.email, DEMO_PASSWORD, p.title) for p in PEOPLE]
    logins += [DemoLogin(p.email, DEMO_PASSWORD, p.title) for p in extra_logins]
    return logins


def _load_hand_written(staff: User) -> None:
    first_admin = {p.organisation: p for p in reversed(PEOPLE) if p.role == MembershipRole.ADMIN}
    for spec in ORGANISATIONS:
        if Organisation.objects.filter(org_number=spec.org_number).exists():
            continue
        admin_spec = first_admin.get(spec.org_number)
        creator = (
            _person(email=admin_spec.email, full_name=admin_spec.full_name) if admin_spec else staff
        )
        organisation_create(
            creator=creator,
            name=spec.name,
            kind=spec.kind,
            org_number=spec.org_number,
            size_class=spec.size_class,
            is_startup=spec.is_startup,
            intermediary_kind=spec.intermediary_kind,
            municipality=Municipality.objects.filter(code=spec.municipality_code).first(),
            region=Region.objects.filter(code=spec.region_code).first(),
            website=spec.website,
            description=spec.description,
        )
    for person in PEOPLE:
        user = _person(email=person.email, full_name=person.full_name)
        organisation = Organisation.objects.get(org_number=person.organisation)
        membership_add(organisation=organisation, user=user, role=person.role)


class _ContentLoader:
    """Writes `DemoContent` through the services, skipping whatever an earlier run created.

    Rows are recognised by their natural keys: organisation number, e-mail address, a focus area's
    organisation, year and title, a challenge's owner and title, a solution's company and title.
    """

    def __init__(self, content: DemoContent) -> None:
        self.content = content
        self.year = content.year
        self.organisations: dict[str, Organisation] = Organisation.objects.in_bulk(
            field_name="org_number"
        )
        self.buyer_users: dict[str, User] = {}  # org number → the person who writes its content
        self.company_users: dict[str, User] = {}
        self.focus_areas: dict[tuple[str, str], FocusArea] = {}
        self.new_challenges: list[tuple[ChallengeSpec, Challenge]] = []
        self.municipalities = Municipality.objects.in_bulk()
        self.regions = Region.objects.in_bulk()
        self.cpv = self._in_bulk(CpvCode, (c for spec in content.challenges for c in spec.cpv))
        self.cpv |= self._in_bulk(CpvCode, (c for spec in content.solutions for c in spec.cpv))
        self.sdg = self._in_bulk(SdgTarget, (t for spec in content.challenges for t in spec.sdg))
        self.sdg |= self._in_bulk(SdgTarget, (t for spec in content.solutions for t in spec.sdg))

    @staticmethod
    def _in_bulk[M: (CpvCode, SdgTarget)](model: type[M], codes: Iterable[str]) -> dict[str, M]:
        wanted = set(codes)
        found: dict[str, M] = model.objects.in_bulk(list(wanted))
        missing = sorted(wanted - set(found))
        if missing:
            raise ValueError(
                f"Demo content uses {model.__name__} codes not in the reference data: {missing}"
            )
        return found

    def load(self) -> list[PersonSpec]:
        self._buyers()
        self._focus_areas()
        self._challenges()
        self._companies()
        solutions = self._solutions()
        self._references(solutions)
        self._invitations()
        self._networks()
        return [b.admin for b in self.content.buyers if b.admin and b.admin.printed] + [
            c.founder for c in self.content.companies if c.founder.printed
        ]

    ## Buyers

    def _buyers(self) -> None:
        for spec in self.content.buyers:
            admin = (
                _person(email=spec.admin.email, full_name=spec.admin.full_name)
                if spec.admin
                else None
            )
            organisation = self.organisations.get(spec.org_number)
            if organisation is None:
                if admin is None:
                    raise ValueError(f"{spec.name} needs an administrator")
                organisation = organisation_create(
                    creator=admin,
                    name=spec.name,
                    kind=spec.kind,
                    org_number=spec.org_number,
                    municipality=self.municipalities.get(spec.municipality_code),
                    region=self.regions.get(spec.region_code),
                    description=spec.description,
                )
                self.organisations[spec.org_number] = organisation
            elif admin is not None:
                membership_add(organisation=organisation, user=admin, role=MembershipRole.ADMIN)
            self.buyer_users[spec.org_number] = admin or self._first_admin(organisation)

    @staticmethod
    def _first_admin(organisation: Organisation) -> User:
        membership = (
            organisation.memberships.filter(role=MembershipRole.ADMIN)
            .select_related("user")
            .order_by("joined_at", "pk")
            .first()
        )
        if membership is None:
            raise ValueError(f"{organisation.name} has no administrator")
        return membership.user

    def _buyer(self, spec: BuyerSpec | str) -> Organisation:
        return self.organisations[spec if isinstance(spec, str) else spec.org_number]

    ## Focus areas and needs assessments

    def _focus_areas(self) -> None:
        owners = [self._buyer(b) for b in self.content.buyers]
        existing = {
            (area.organisation_id, area.title): area
            for area in FocusArea.objects.filter(organisation__in=owners, year=self.year)
        }
        for spec in self.content.focus_areas:
            organisation = self._buyer(spec.owner)
            area = existing.get((organisation.pk, spec.title))
            if area is None:
                area = focus_area_create(
                    organisation=organisation,
                    year=self.year,
                    title=spec.title,
                    description=spec.description,
                )
                if spec.assessment:
                    needs_assessment_save(
                        focus_area=area, user=self.buyer_users[spec.owner], **spec.assessment
                    )
            self.focus_areas[(spec.owner, spec.key)] = area

    ## Challenges

    def _challenges(self) -> None:
        through = Challenge.owners.through
        existing = {
            (organisation_id, title_sv or title_en)
            for organisation_id, title_sv, title_en in through.objects.filter(
                organisation__in=[self._buyer(b) for b in self.content.buyers]
            ).values_list("organisation_id", "challenge__title_sv", "challenge__title_en")
        }
        for spec in self.content.challenges:
            owner = self._buyer(spec.owner)
            if (owner.pk, spec.title) in existing:
                continue
            user = self.buyer_users[spec.owner]
            challenge = challenge_create(
                owner=owner,
                user=user,
                focus_area=self.focus_areas[(spec.owner, spec.focus)],
                cpv_codes=[self.cpv[code] for code in spec.cpv],
                sdg_targets=[self.sdg[code] for code in spec.sdg],
                municipalities=[self.municipalities[code] for code in spec.municipality_codes],
                regions=[self.regions[code] for code in spec.region_codes],
                visibility=spec.visibility,
                budget_min=spec.budget_min,
                budget_max=spec.budget_max,
                title_sv=spec.title_sv,
                title_en=spec.title_en,
                text_sv=spec.text_sv,
                text_en=spec.text_en,
                problem=spec.problem,
                desired_effects=spec.desired_effects,
                success_criteria=spec.success_criteria,
                constraints=spec.constraints,
                timeline=spec.timeline,
                circular_economy=spec.circular_economy,
                climate_neutral=spec.climate_neutral,
                digital_data=spec.digital_data,
            )
            for co_owner in spec.co_owners:
                challenge_add_owner(challenge=challenge, organisation=self._buyer(co_owner))
            for status in spec.status_path:
                challenge_set_status(challenge=challenge, status=status, user=user)
            self.new_challenges.append((spec, challenge))

    ## Companies

    def _companies(self) -> None:
        with_profile = set(CompanyProfile.objects.values_list("organisation_id", flat=True))
        with_contacts = set(ContactPerson.objects.values_list("company_id", flat=True))
        for spec in self.content.companies:
            organisation = self.organisations.get(spec.org_number)
            founder = (
                _person(
                    email=spec.founder.email,
                    full_name=spec.founder.full_name,
                    password=DEMO_PASSWORD if spec.founder.printed else None,
                )
                if not spec.existing
                else user_get_by_email(email=spec.founder.email)
            )
            if founder is not None:
                self.company_users[spec.org_number] = founder
            if organisation is None:
                if founder is None:
                    raise ValueError(f"{spec.name} has no founder to register it")
                organisation = organisation_create(
                    creator=founder,
                    name=spec.name,
                    kind=OrganisationKind.COMPANY,
                    org_number=spec.org_number,
                    size_class=spec.size_class,
                    is_startup=spec.is_startup,
                    municipality=self.municipalities.get(spec.municipality_code),
                    website=spec.website,
                    description=spec.description,
                )
                self.organisations[spec.org_number] = organisation
            if organisation.pk not in with_profile:
                company_profile_update(
                    organisation=organisation,
                    pitch=spec.pitch,
                    description=spec.profile_description,
                    founded_year=spec.founded_year,
                    employees=spec.employees,
                    certifications=spec.certifications,
                )
            if organisation.pk not in with_contacts:
                for contact in spec.contacts:
                    contact_person_create(
                        company=organisation,
                        name=contact.name,
                        role=contact.role,
                        email=contact.email,
                        phone=contact.phone,
                        is_public=contact.is_public,
                    )

    ## Solutions and customer references

    def _solutions(self) -> dict[tuple[int, str], Solution]:
        companies = [self.organisations[c.org_number] for c in self.content.companies]
        solutions = {
            (solution.organisation_id, solution.title): solution
            for solution in Solution.objects.filter(organisation__in=companies).only(
                "pk", "organisation_id", "title_sv", "title_en"
            )
        }
        for spec in self.content.solutions:
            company = self.organisations[spec.company]
            if (company.pk, spec.title) in solutions:
                continue
            solution = solution_create(
                organisation=company,
                trl=spec.trl,
                stage=spec.stage,
                title_sv=spec.title_sv,
                title_en=spec.title_en,
                text_sv=spec.text_sv,
                text_en=spec.text_en,
                cpv_codes=[self.cpv[code] for code in spec.cpv],
                sdg_targets=[self.sdg[code] for code in spec.sdg],
                pricing_model=spec.pricing_model,
                pricing_note=spec.pricing_note,
                deployment_requirements=spec.deployment_requirements,
                languages=spec.languages,
            )
            if spec.published:
                solution_publish(solution=solution)
            solutions[(company.pk, spec.title)] = solution
        return solutions

    def _references(self, solutions: dict[tuple[int, str], Solution]) -> None:
        existing = set(CustomerReference.objects.values_list("company_id", "customer_name"))
        for spec in self.content.references:
            company = self.organisations[spec.company]
            if (company.pk, spec.customer_name) in existing:
                continue
            customer_reference_create(
                company=company,
                customer_name=spec.customer_name,
                customer=self.organisations[spec.customer] if spec.customer else None,
                year=spec.year,
                description=spec.description,
                solution=solutions.get((company.pk, spec.solution_title or "")),
            )
            existing.add((company.pk, spec.customer_name))

    ## Confidential challenges and networks

    def _invitations(self) -> None:
        """Invite companies to the confidential challenges made in this run; the first accepts."""
        for spec, challenge in self.new_challenges:
            for index, org_number in enumerate(spec.invited):
                access = challenge_invite_company(
                    challenge=challenge,
                    organisation=self.organisations[org_number],
                    user=self.buyer_users[spec.owner],
                )
                if index == 0:
                    challenge_accept_nda(access=access, user=self.company_users[org_number])

    def _networks(self) -> None:
        for spec in self.content.networks:
            network = network_ensure(slug=spec.slug, name=spec.name, description=spec.description)
            network_add_organisations(
                network=network,
                organisations=[self.organisations[number] for number in spec.members],
            )
