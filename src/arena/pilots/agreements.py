"""Agreement templates filled from a pilot's facts: an NDA, a pilot agreement and a DPA checklist.

Plain logic with no database access: the caller gives `AgreementFacts`, this module returns an
`Agreement` (title, parties, sections of paragraphs) that the renderers turn into DOCX or PDF.
The clause texts live here in Swedish and English side by side, as document content rather than
interface strings, so a Swedish agreement never depends on the state of the translation catalogue.
The content follows domain.md §5; it is a template to be reviewed by counsel, not legal advice.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from arena.pilots.enums import AgreementKind, AgreementLanguage


@dataclass(frozen=True)
class Party:
    name: str
    org_number: str
    role: str  # "buyer" or "company"


@dataclass(frozen=True)
class KpiFact:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None


@dataclass(frozen=True)
class AgreementFacts:
    pilot_title: str
    challenge_title: str
    buyers: Sequence[Party]
    companies: Sequence[Party]
    goals: str = ""
    success_criteria: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    budget_sek: Decimal | None = None
    paid_by: str = ""  # a PaidBy value
    data_terms: str = ""
    ip_terms: str = ""
    risks: str = ""
    kpis: Sequence[KpiFact] = ()
    milestones: Sequence[tuple[datetime.date, str]] = ()
    commitments: Sequence[tuple[str, str]] = ()  # (organisation, text)
    contacts: Sequence[tuple[str, str, str]] = ()  # (name, organisation, role label)
    direct_award_limit_sek: Decimal | None = None
    nda_years: int = 3


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Agreement:
    kind: str
    language: str
    title: str
    parties: tuple[Party, ...]
    preamble: str
    sections: tuple[Section, ...]
    signature_names: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """All the words of the agreement, for search and tests."""
        lines = [self.title, self.preamble]
        for section in self.sections:
            lines.append(section.heading)
            lines.extend(section.paragraphs)
        return "\n".join(lines)


def _t(language: str, sv: str, en: str) -> str:
    return sv if language == AgreementLanguage.SV else en


def _sek(amount: Decimal) -> str:
    return f"{amount:,.0f}".replace(",", " ") + " kr"


def _date(value: datetime.date | None, language: str) -> str:
    return value.isoformat() if value else _t(language, "[datum]", "[date]")


def _or_blank(text: str, language: str) -> str:
    text = text.strip()
    return text or _t(language, "[fylls i av parterna]", "[to be completed by the parties]")


def _party_lines(facts: AgreementFacts, language: str) -> tuple[str, ...]:
    lines = []
    for party in [*facts.buyers, *facts.companies]:
        role = (
            _t(language, "köparen", "the buyer")
            if party.role == "buyer"
            else _t(language, "företaget", "the company")
        )
        number = party.org_number or _t(language, "[org.nr]", "[reg. no.]")
        lines.append(f"{party.name} ({number}), {_t(language, 'nedan', 'hereinafter')} {role}.")
    return tuple(lines)


def _names(parties: Sequence[Party]) -> str:
    return ", ".join(party.name for party in parties) or "—"


DISCLAIMER = {
    "sv": "Mall från Arena. Detta är inte juridisk rådgivning: låt en jurist granska avtalet "
    "innan det undertecknas.",
    "en": "Template from Arena. This is not legal advice: have counsel review the agreement "
    "before it is signed.",
}


def nda_build(*, facts: AgreementFacts, language: str) -> Agreement:
    """Non-disclosure agreement that respects the public access to documents (OSL)."""
    lang = language
    buyers = _names(facts.buyers)
    sections = (
        Section(_t(lang, "1. Parter", "1. Parties"), _party_lines(facts, lang)),
        Section(
            _t(lang, "2. Syfte", "2. Purpose"),
            (
                _t(
                    lang,
                    f"Parterna utbyter information inom piloten ”{facts.pilot_title}” för "
                    f"utmaningen ”{facts.challenge_title}”. Informationen får endast användas "
                    "för detta syfte.",
                    f"The parties exchange information within the pilot “{facts.pilot_title}” "
                    f"for the challenge “{facts.challenge_title}”. The information may only be "
                    "used for this purpose.",
                ),
            ),
        ),
        Section(
            _t(lang, "3. Konfidentiell information", "3. Confidential information"),
            (
                _t(
                    lang,
                    "Med konfidentiell information avses information som en part lämnar och "
                    "som är märkt som konfidentiell. Företaget ska märka handlingar som "
                    "innehåller företagshemligheter och ange vilken skada ett röjande kan "
                    "orsaka.",
                    "Confidential information is information a party discloses and marks as "
                    "confidential. The company shall mark documents containing trade secrets "
                    "and state what harm their disclosure could cause.",
                ),
            ),
        ),
        Section(
            _t(
                lang,
                "4. Offentlighetsprincipen och sekretessprövning",
                "4. Public access to documents and secrecy review",
            ),
            (
                _t(
                    lang,
                    f"{buyers} är en myndighet som omfattas av offentlighetsprincipen. Detta "
                    "avtal kan inte hindra att allmänna handlingar lämnas ut. Om sekretess "
                    "gäller avgörs enligt offentlighets- och sekretesslagen (2009:400), "
                    "bland annat skyddet för enskildas affärs- och driftförhållanden och "
                    "sekretessen i upphandlingar.",
                    f"{buyers} is a public authority covered by the principle of public access "
                    "to official documents. This agreement cannot prevent official documents "
                    "from being released. Whether secrecy applies is decided under the Swedish "
                    "Public Access to Information and Secrecy Act (2009:400), including the "
                    "protection of private parties' business and operating conditions and "
                    "procurement secrecy.",
                ),
                _t(
                    lang,
                    "Köparen ska göra en sekretessprövning av varje begäran om utlämnande och, "
                    "när det är möjligt, underrätta företaget innan uppgifter som företaget "
                    "märkt som konfidentiella lämnas ut.",
                    "The buyer shall carry out a secrecy review of every request for release "
                    "and, where possible, notify the company before releasing information the "
                    "company has marked as confidential.",
                ),
            ),
        ),
        Section(
            _t(lang, "5. Företagets åtaganden", "5. The company's obligations"),
            (
                _t(
                    lang,
                    "Företaget behandlar köparens konfidentiella information i enlighet med "
                    "lagen (2018:558) om företagshemligheter och lämnar den inte vidare utan "
                    "köparens skriftliga medgivande.",
                    "The company treats the buyer's confidential information in accordance "
                    "with the Swedish Trade Secrets Act (2018:558) and does not pass it on "
                    "without the buyer's written consent.",
                ),
            ),
        ),
        Section(
            _t(lang, "6. Undantag", "6. Exceptions"),
            (
                _t(
                    lang,
                    "Sekretessen gäller inte information som är allmänt känd, som mottagaren "
                    "redan kände till, som tagits fram självständigt eller som en part är "
                    "skyldig att lämna ut enligt lag.",
                    "Confidentiality does not cover information that is public, already known "
                    "to the recipient, independently developed, or that a party must disclose "
                    "by law.",
                ),
            ),
        ),
        Section(
            _t(lang, "7. Ingen licens och ingen utfästelse", "7. No licence and no promise"),
            (
                _t(
                    lang,
                    "Avtalet ger ingen licens till den andra partens immateriella rättigheter "
                    "och innebär ingen skyldighet för köparen att upphandla eller ingå avtal.",
                    "The agreement grants no licence to the other party's intellectual "
                    "property and places no obligation on the buyer to procure or to enter "
                    "into any contract.",
                ),
            ),
        ),
        Section(
            _t(lang, "8. Giltighetstid och återlämnande", "8. Term and return of information"),
            (
                _t(
                    lang,
                    f"Avtalet gäller i {facts.nda_years} år från undertecknandet. När "
                    "samarbetet upphör ska konfidentiell information återlämnas eller "
                    "förstöras, i den mån allmänna handlingar inte måste bevaras enligt lag.",
                    f"The agreement applies for {facts.nda_years} years from signature. When "
                    "the cooperation ends, confidential information shall be returned or "
                    "destroyed, to the extent official documents need not be kept by law.",
                ),
            ),
        ),
        Section(
            _t(lang, "9. Tillämplig lag och tvister", "9. Governing law and disputes"),
            (
                _t(
                    lang,
                    "Svensk lag gäller. Tvister avgörs av allmän domstol.",
                    "Swedish law applies. Disputes are settled by the Swedish general courts.",
                ),
            ),
        ),
    )
    return Agreement(
        kind=AgreementKind.NDA,
        language=lang,
        title=_t(lang, "Sekretessavtal", "Non-disclosure agreement"),
        parties=(*facts.buyers, *facts.companies),
        preamble=DISCLAIMER[lang],
        sections=sections,
        signature_names=tuple(p.name for p in [*facts.buyers, *facts.companies]),
    )


def _procurement_basis(facts: AgreementFacts, lang: str) -> str:
    if facts.paid_by == "company" or facts.budget_sek in (None, Decimal(0)):
        return _t(
            lang,
            "Piloten är utan ersättning från köparen. Den dokumenteras öppet så att ingen "
            "otillbörlig förmån uppstår och så att andra leverantörer kan erbjudas samma "
            "möjlighet.",
            "The pilot is unpaid by the buyer. It is documented openly so that no undue "
            "advantage arises and other suppliers can be offered the same opportunity.",
        )
    budget = facts.budget_sek
    limit = facts.direct_award_limit_sek
    if budget is not None and limit is not None and budget <= limit:
        return _t(
            lang,
            f"Piloten direktupphandlas enligt 19 a kap. lagen (2016:1145) om offentlig "
            f"upphandling; värdet {_sek(budget)} understiger direktupphandlingsgränsen "
            f"{_sek(limit)}. Köparen dokumenterar direktupphandlingen.",
            f"The pilot is a direct award under chapter 19 a of the Swedish Public "
            f"Procurement Act (2016:1145); its value, {_sek(budget)}, is within the "
            f"direct-award limit of {_sek(limit)}. The buyer documents the direct award.",
        )
    return _t(
        lang,
        "Piloten överstiger direktupphandlingsgränsen. Ange grunden: undantaget för forskning "
        "och utveckling (1 kap. 5 § LOU, med delade nyttor) eller det förfarande som "
        "piloten upphandlats genom: [fylls i].",
        "The pilot exceeds the direct-award limit. State the basis: the research and "
        "development exemption (chapter 1 section 5 LOU, with shared benefits) or the "
        "procedure through which the pilot was procured: [to be completed].",
    )


PAID_BY = {
    "buyer": ("Köparen betalar.", "The buyer pays."),
    "company": ("Företaget står för sina kostnader.", "The company bears its own costs."),
    "shared": ("Kostnaderna delas mellan parterna.", "The parties share the costs."),
    "grant": ("Piloten finansieras med externa medel.", "The pilot is funded externally."),
}


def pilot_agreement_build(*, facts: AgreementFacts, language: str) -> Agreement:
    """Pilot / test-bed agreement: no promise of a contract, IP with the company, shared results."""
    lang = language
    kpis = tuple(
        f"{kpi.name}{f' ({kpi.unit})' if kpi.unit else ''}: "
        + _t(lang, "utgångsläge", "baseline")
        + f" {kpi.baseline if kpi.baseline is not None else '–'}, "
        + _t(lang, "mål", "target")
        + f" {kpi.target if kpi.target is not None else '–'}"
        for kpi in facts.kpis
    )
    milestones = tuple(f"{due.isoformat()}: {title}" for due, title in facts.milestones)
    commitments = tuple(f"{who}: {text}" for who, text in facts.commitments)
    contacts = tuple(f"{name}, {org} – {role}" for name, org, role in facts.contacts)
    compensation = [
        _t(lang, "Budget: ", "Budget: ")
        + (
            _sek(facts.budget_sek)
            if facts.budget_sek is not None
            else _t(lang, "[belopp]", "[amount]")
        )
        + "."
    ]
    if facts.paid_by in PAID_BY:
        sv, en = PAID_BY[facts.paid_by]
        compensation.append(_t(lang, sv, en))
    sections = (
        Section(_t(lang, "1. Parter", "1. Parties"), _party_lines(facts, lang)),
        Section(
            _t(lang, "2. Bakgrund och syfte", "2. Background and purpose"),
            (
                _t(
                    lang,
                    f"Piloten ”{facts.pilot_title}” prövar en lösning på utmaningen "
                    f"”{facts.challenge_title}”.",
                    f"The pilot “{facts.pilot_title}” tests a solution to the challenge "
                    f"“{facts.challenge_title}”.",
                ),
                _t(lang, "Mål: ", "Goals: ") + _or_blank(facts.goals, lang),
            ),
        ),
        Section(
            _t(lang, "3. Upphandlingsrättslig grund", "3. Procurement basis"),
            (_procurement_basis(facts, lang),),
        ),
        Section(
            _t(lang, "4. Ingen utfästelse om framtida avtal", "4. No promise of a future contract"),
            (
                _t(
                    lang,
                    "Detta avtal ger inte företaget någon rätt till, eller utfästelse om, ett "
                    "framtida avtal. En eventuell anskaffning efter piloten sker enligt "
                    "upphandlingsreglerna i konkurrens.",
                    "This agreement gives the company no right to, and no promise of, a future "
                    "contract. Any purchase after the pilot is made in competition under the "
                    "procurement rules.",
                ),
            ),
        ),
        Section(
            _t(lang, "5. Omfattning, tidplan och utvärdering", "5. Scope, timeline and evaluation"),
            (
                _t(lang, "Period: ", "Period: ")
                + f"{_date(facts.starts_on, lang)} – {_date(facts.ends_on, lang)}.",
                _t(lang, "Framgångskriterier: ", "Success criteria: ")
                + _or_blank(facts.success_criteria, lang),
                *(
                    (_t(lang, "Nyckeltal:", "KPIs:"), *kpis)
                    if kpis
                    else (_t(lang, "Nyckeltal: [fylls i]", "KPIs: [to be completed]"),)
                ),
                *((_t(lang, "Delmål:", "Milestones:"), *milestones) if milestones else ()),
            ),
        ),
        Section(
            _t(lang, "6. Parternas åtaganden och kontaktpersoner", "6. Commitments and contacts"),
            (
                *(commitments or (_t(lang, "[fylls i]", "[to be completed]"),)),
                *((_t(lang, "Projektgrupp:", "Project group:"), *contacts) if contacts else ()),
            ),
        ),
        Section(_t(lang, "7. Ersättning", "7. Compensation"), tuple(compensation)),
        Section(
            _t(lang, "8. Immateriella rättigheter", "8. Intellectual property"),
            (
                _t(
                    lang,
                    "Varje part behåller sina rättigheter till det den hade före piloten. "
                    "Rättigheterna till resultat som företaget tar fram stannar hos företaget. "
                    "Köparen får en icke-exklusiv, avgiftsfri rätt att använda resultaten för "
                    "sin egen verksamhet och att publicera utvärderingen av piloten.",
                    "Each party keeps its rights to what it had before the pilot. The rights "
                    "to results the company develops stay with the company. The buyer receives "
                    "a non-exclusive, royalty-free licence to use the results for its own "
                    "operations and to publish the evaluation of the pilot.",
                ),
                *((facts.ip_terms.strip(),) if facts.ip_terms.strip() else ()),
            ),
        ),
        Section(
            _t(lang, "9. Data och personuppgifter", "9. Data and personal data"),
            (
                _or_blank(facts.data_terms, lang),
                _t(
                    lang,
                    "Om företaget behandlar personuppgifter för köparens räkning ska parterna "
                    "ingå ett personuppgiftsbiträdesavtal enligt artikel 28 i "
                    "dataskyddsförordningen innan behandlingen börjar.",
                    "If the company processes personal data on the buyer's behalf, the parties "
                    "shall enter into a data processing agreement under Article 28 GDPR before "
                    "processing starts.",
                ),
            ),
        ),
        Section(
            _t(
                lang,
                "10. Delning av resultat inför en kommande upphandling",
                "10. Sharing results before a later procurement",
            ),
            (
                _t(
                    lang,
                    "Köparen får dela utvärderingen och den information som behövs med alla "
                    "leverantörer inför en kommande upphandling, så att ingen får ett "
                    "otillbörligt försprång av att ha deltagit i piloten (13 kap. 3 § LOU).",
                    "The buyer may share the evaluation and the information needed with all "
                    "suppliers before a later procurement, so that taking part in the pilot "
                    "gives no one an undue advantage (chapter 13 section 3 LOU).",
                ),
            ),
        ),
        Section(
            _t(lang, "11. Risker och ansvar", "11. Risks and liability"),
            (
                _t(lang, "Kända risker: ", "Known risks: ") + _or_blank(facts.risks, lang),
                _t(
                    lang,
                    "Lösningen prövas i befintligt skick. Varje parts ansvar är begränsat till "
                    "direkt skada och till [belopp], utom vid uppsåt eller grov vårdslöshet.",
                    "The solution is tested as is. Each party's liability is limited to direct "
                    "damage and to [amount], except in the case of intent or gross negligence.",
                ),
            ),
        ),
        Section(
            _t(lang, "12. Avslut och tvister", "12. Termination and disputes"),
            (
                _t(
                    lang,
                    "När piloten avslutas återlämnar eller raderar företaget köparens data. "
                    "Svensk lag gäller och tvister avgörs av allmän domstol.",
                    "When the pilot ends the company returns or deletes the buyer's data. "
                    "Swedish law applies and disputes are settled by the Swedish general "
                    "courts.",
                ),
            ),
        ),
    )
    return Agreement(
        kind=AgreementKind.PILOT,
        language=lang,
        title=_t(lang, "Pilotavtal", "Pilot agreement"),
        parties=(*facts.buyers, *facts.companies),
        preamble=DISCLAIMER[lang],
        sections=sections,
        signature_names=tuple(p.name for p in [*facts.buyers, *facts.companies]),
    )


# The mandatory content of a processor agreement, GDPR art. 28(3) (domain.md §5.4).
DPA_POINTS = (
    (
        "Föremål, varaktighet, art och ändamål för behandlingen; typ av personuppgifter och "
        "kategorier av registrerade; den personuppgiftsansvariges skyldigheter och rättigheter.",
        "Subject matter, duration, nature and purpose of the processing; types of personal data "
        "and categories of data subjects; the controller's obligations and rights.",
    ),
    (
        "Behandling endast enligt dokumenterade instruktioner, även för överföring till "
        "tredjeland.",
        "Processing only on documented instructions, including transfers to third countries.",
    ),
    (
        "Biträdets personal har förbundit sig att iaktta konfidentialitet.",
        "The processor's personnel are committed to confidentiality.",
    ),
    (
        "Säkerhetsåtgärder enligt artikel 32.",
        "Security measures under Article 32.",
    ),
    (
        "Underbiträden endast efter den personuppgiftsansvariges skriftliga förhandstillstånd, "
        "med samma skyldigheter.",
        "Sub-processors only with the controller's prior written authorisation, bound by the "
        "same obligations.",
    ),
    (
        "Hjälp den personuppgiftsansvarige att besvara de registrerades begäranden.",
        "Help the controller respond to data subjects' requests.",
    ),
    (
        "Hjälp med artiklarna 32–36: säkerhet, anmälan av personuppgiftsincidenter utan "
        "onödigt dröjsmål, konsekvensbedömning och förhandssamråd.",
        "Help with Articles 32–36: security, breach notification without undue delay, impact "
        "assessment and prior consultation.",
    ),
    (
        "Radera eller återlämna alla personuppgifter när tjänsterna upphör.",
        "Delete or return all personal data when the services end.",
    ),
    (
        "Ge tillgång till information och möjliggöra granskningar och inspektioner.",
        "Make information available and allow audits and inspections.",
    ),
)


def dpa_checklist_build(*, facts: AgreementFacts, language: str) -> Agreement:
    lang = language
    filled = (
        _t(
            lang,
            f"Föremål: piloten ”{facts.pilot_title}”",
            f"Subject matter: the pilot “{facts.pilot_title}”",
        ),
        _t(lang, "Varaktighet: ", "Duration: ")
        + f"{_date(facts.starts_on, lang)} – {_date(facts.ends_on, lang)}",
        _t(lang, "Ändamål: ", "Purpose: ") + _or_blank(facts.goals, lang),
        _t(lang, "Personuppgiftsansvarig: ", "Controller: ") + _names(facts.buyers),
        _t(lang, "Personuppgiftsbiträde: ", "Processor: ") + _names(facts.companies),
        _t(lang, "Typer av personuppgifter: [fylls i]", "Types of personal data: [to complete]"),
        _t(
            lang,
            "Kategorier av registrerade: [fylls i]",
            "Categories of data subjects: [to complete]",
        ),
    )
    points = tuple(
        f"☐ {index}. {_t(lang, sv, en)}" for index, (sv, en) in enumerate(DPA_POINTS, start=1)
    )
    sections = (
        Section(_t(lang, "1. Parter", "1. Parties"), _party_lines(facts, lang)),
        Section(_t(lang, "2. Behandlingen", "2. The processing"), filled),
        Section(
            _t(
                lang,
                "3. Obligatoriskt innehåll enligt artikel 28.3 GDPR",
                "3. Mandatory content under GDPR Article 28(3)",
            ),
            points,
        ),
        Section(
            _t(lang, "4. Bilagor", "4. Annexes"),
            (
                _t(
                    lang,
                    "Bifoga instruktioner, säkerhetsåtgärder och en förteckning över "
                    "underbiträden. Använd gärna kommissionens standardavtalsklausuler "
                    "(beslut (EU) 2021/915) eller SKR:s mall. Beskriv överföringar till "
                    "tredjeland och deras grund.",
                    "Attach the instructions, the security measures and a list of "
                    "sub-processors. Consider the Commission's standard contractual clauses "
                    "(Decision (EU) 2021/915) or SKR's template. Describe transfers to third "
                    "countries and their legal basis.",
                ),
            ),
        ),
    )
    return Agreement(
        kind=AgreementKind.DPA,
        language=lang,
        title=_t(
            lang,
            "Checklista för personuppgiftsbiträdesavtal",
            "Data processing agreement checklist",
        ),
        parties=(*facts.buyers, *facts.companies),
        preamble=DISCLAIMER[lang],
        sections=sections,
        signature_names=tuple(p.name for p in [*facts.buyers, *facts.companies]),
    )


BUILDERS = {
    AgreementKind.NDA: nda_build,
    AgreementKind.PILOT: pilot_agreement_build,
    AgreementKind.DPA: dpa_checklist_build,
}


def agreement_build(*, kind: str, facts: AgreementFacts, language: str) -> Agreement:
    if kind not in BUILDERS:
        raise ValueError(f"Unknown agreement kind {kind!r}; choose one of {', '.join(BUILDERS)}.")
    if language not in AgreementLanguage.values:
        raise ValueError(f"Unknown language {language!r}; choose sv or en.")
    return BUILDERS[AgreementKind(kind)](facts=facts, language=language)


ROLE_LABELS = {
    "procurement_officer": ("Inköpare", "Procurement officer"),
    "head_of_procurement": ("Upphandlingschef", "Head of procurement"),
    "project_manager": ("Projektledare", "Project manager"),
    "product_owner": ("Produktägare / verksamhet", "Product owner / operations"),
    "company_contact": ("Kontaktperson företaget", "Company contact"),
    "technical_lead": ("Teknisk ansvarig", "Technical lead"),
}


def role_label(role: str, language: str) -> str:
    sv, en = ROLE_LABELS.get(role, (role, role))
    return _t(language, sv, en)
