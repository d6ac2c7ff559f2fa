"""The procurement-readiness checklist RD-01 … RD-24 as data (source of truth: domain.md §4.4).

Plain Python so that the score, the gap report, the ESPD export and the alerts all read one list.
Legal references are kept as written in Swedish law and are not translated. Items whose section
numbers domain.md flags `VERIFY` say so in a comment: their answers should carry a caveat until
the section has been checked against riksdagen.se.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from arena.readiness.enums import Applicability, Area, EvidenceKind, Level

## How long evidence with a fixed validity counts, from its issue date.

# Buyers usually want a registreringsbevis no older than three months (domain.md §4.4: "≤ 3–6
# months old, as tenders often require"); we count the stricter end so nothing goes stale unseen.
REGISTRATION_CERTIFICATE_VALID_DAYS = 90
# Skatteverket's "Hämta företagsinformation" extract and the skattekonto extract show the state on
# the day they are taken; tender documents commonly accept them for three months.
TAX_EXTRACT_VALID_DAYS = 90
# A Bolagsverket check that no bankruptcy, liquidation or reconstruction is registered is a
# snapshot like the tax extracts; the same three months apply.
INSOLVENCY_CHECK_VALID_DAYS = 90
# A credit report (UC, Creditsafe) is refreshed when new annual accounts are filed, once a year.
CREDIT_REPORT_VALID_DAYS = 365

# Gap report: evidence expiring within this many days is listed so it can be renewed in time.
EXPIRING_SOON_DAYS = 60
# Reminder e-mails go out this many days before evidence expires.
REMINDER_DAYS = (30, 7)

# References count from the year of delivery: directive 2014/24 art. 58(4) and annex XII allow
# buyers to look back three years for supplies and services and five years for works.
REFERENCE_YEARS_SERVICES = 3
REFERENCE_YEARS_WORKS = 5

# Today the absence of 13:1 convictions is shown with a sworn statement; switch this when the
# Bolagsverket register check enters into force (domain.md §1.2, open item 3).
RD05_EVIDENCE_KIND = EvidenceKind.SWORN_STATEMENT

UHM_EXCLUSION = (
    "https://www.upphandlingsmyndigheten.se/inkopsprocessen/genomfor-upphandlingen/uteslutning"
)
UHM_QUALIFICATION = (
    "https://www.upphandlingsmyndigheten.se/upphandla/Processen-for-LOU/upphandlingen/"
    "Utforma-upphandlingsdokument/krav-pa-leverantoren/kvalificeringskrav/"
)
UHM_CRITERIA = "https://www.upphandlingsmyndigheten.se/kriterier/"
ESPD_EDM = "https://github.com/OP-TED/ESPD-EDM"


@dataclass(frozen=True)
class Item:
    id: str
    area: Area
    level: Level
    title: Promise
    meaning: Promise
    legal_basis: str
    evidence: Promise
    next_steps: Promise
    guide: str
    applies: Applicability = Applicability.ALWAYS
    # Evidence counted from its issue date for this many days; None when it has no fixed validity.
    validity_days: int | None = None
    # The company enters the expiry date itself (insurance, certificates).
    expiry_entered: bool = False
    # May the company answer "not applicable"? Conditional items are also N/A by the profile.
    may_be_not_applicable: bool = False
    # Keys of arena.readiness.espd.CRITERIA this item answers.
    espd: tuple[str, ...] = ()
    link: str = ""

    @property
    def has_fixed_validity(self) -> bool:
        return self.validity_days is not None

    @property
    def tracks_expiry(self) -> bool:
        return self.validity_days is not None or self.expiry_entered


ITEMS: tuple[Item, ...] = (
    # VERIFY section: the 14 kap. section on authorisation (behörighet) is "14:2 (approx.)".
    Item(
        id="RD-01",
        area=Area.REGISTRATION_TAX,
        level=Level.MANDATORY,
        title=_("Registered company with a registration certificate"),
        meaning=_(
            "The company is registered with Bolagsverket and has an organisation number; buyers "
            "ask for a recent registration certificate."
        ),
        legal_basis="LOU 14 kap. (behörighet)",
        evidence=_("Registration certificate (registreringsbevis) from Bolagsverket"),
        next_steps=_(
            "Order a registration certificate from Bolagsverket's e-service. Keep the PDF and renew "
            "it every three months while you are tendering."
        ),
        guide="readiness",
        validity_days=REGISTRATION_CERTIFICATE_VALID_DAYS,
        espd=("trade_register",),
        link=UHM_QUALIFICATION,
    ),
    Item(
        id="RD-02",
        area=Area.REGISTRATION_TAX,
        level=Level.MANDATORY,
        title=_("Approved for F-tax"),
        meaning=_(
            "The company holds F-tax (F-skatt), so a buyer does not have to withhold preliminary tax "
            "from its payments."
        ),
        legal_basis="LOU 13:2; Skatteverket",
        evidence=_("Extract from Skatteverket showing F-tax approval"),
        next_steps=_(
            'Take an extract with Skatteverket\'s free e-service "Hämta företagsinformation" (no '
            "e-ID needed). Apply for F-tax at Skatteverket if you do not have it."
        ),
        guide="readiness-tax",
        validity_days=TAX_EXTRACT_VALID_DAYS,
    ),
    Item(
        id="RD-03",
        area=Area.REGISTRATION_TAX,
        level=Level.MANDATORY,
        title=_("Registered for VAT and as an employer"),
        meaning=_(
            "The company is registered for VAT and, if it has staff, as an employer paying employer "
            "contributions."
        ),
        legal_basis="LOU 13:2",
        evidence=_("Extract from Skatteverket showing VAT and employer registration"),
        next_steps=_(
            "Use the same Skatteverket extract as for F-tax: it lists VAT and employer registration "
            "and the last three months' employer contributions."
        ),
        guide="readiness-tax",
        validity_days=TAX_EXTRACT_VALID_DAYS,
    ),
    Item(
        id="RD-04",
        area=Area.REGISTRATION_TAX,
        level=Level.MANDATORY,
        title=_("No tax or social-security debts"),
        meaning=_(
            "The company has paid its taxes and contributions. Skatteverket may not tell a buyer "
            "whether taxes were paid, so the company shows it itself."
        ),
        legal_basis="LOU 13:2",
        evidence=_("Skattekonto extract; check that Kronofogden has no debts registered"),
        next_steps=_(
            "Send yourself a skattekonto extract from Skatteverket's e-service and check the company "
            "with Kronofogden. Settle or agree a payment plan for any debt before tendering."
        ),
        guide="readiness-tax",
        validity_days=TAX_EXTRACT_VALID_DAYS,
        espd=("tax_payment", "social_security_payment"),
        link=UHM_EXCLUSION,
    ),
    Item(
        id="RD-05",
        area=Area.EXCLUSION,
        level=Level.MANDATORY,
        title=_("No convictions for the crimes in 13:1"),
        meaning=_(
            "Neither the company nor its board, CEO or signatories has been convicted of organised "
            "crime, bribery, fraud, money laundering, terrorist offences or human trafficking."
        ),
        legal_basis="LOU 13:1",
        evidence=_("Signed sworn statement (sanningsförsäkran) and a list of the representatives"),
        next_steps=_(
            "Keep a signed sworn statement template and an up-to-date list of board members, CEO and "
            "signatories from Bolagsverket. A register check by Bolagsverket is proposed to replace "
            "the statement."
        ),
        guide="exclusion-grounds",
        espd=(
            "criminal_organisation",
            "corruption",
            "fraud",
            "terrorist_offences",
            "money_laundering",
            "child_labour",
        ),
        link=UHM_EXCLUSION,
    ),
    # VERIFY section: the 13:3 point numbering for bankruptcy and liquidation is not confirmed.
    Item(
        id="RD-06",
        area=Area.EXCLUSION,
        level=Level.COMMON,
        title=_("Not bankrupt, in liquidation or in reconstruction"),
        meaning=_(
            "No bankruptcy, liquidation, composition or company reconstruction is registered against "
            "the company."
        ),
        legal_basis="LOU 13:3",
        evidence=_("Extract from Bolagsverket"),
        next_steps=_(
            "Check the company's registration at Bolagsverket; the registration certificate shows "
            "bankruptcy or liquidation."
        ),
        guide="exclusion-grounds",
        validity_days=INSOLVENCY_CHECK_VALID_DAYS,
        espd=("bankruptcy",),
        link=UHM_EXCLUSION,
    ),
    # VERIFY section: economic standing is "14:3–4 (approx.)"; the 2× cap is from dir. art. 58(3).
    Item(
        id="RD-07",
        area=Area.ECONOMIC,
        level=Level.COMMON,
        title=_("Annual accounts, turnover and a credit report"),
        meaning=_(
            "Buyers may require a minimum yearly turnover (at most twice the contract value unless "
            "justified) and a credit report. New companies can show a budget with a guarantee."
        ),
        legal_basis="LOU 14 kap. (ekonomisk ställning)",
        evidence=_(
            "Annual reports for the last 1–3 years and a credit report; new companies: a budget and "
            "a parent-company, owner or bank guarantee"
        ),
        next_steps=_(
            "Order a credit report from UC or Creditsafe and keep the latest annual report. A new "
            "company should ask its owners or bank for a guarantee letter: a fixed minimum credit "
            "rating may not bar it."
        ),
        guide="economic-standing",
        validity_days=CREDIT_REPORT_VALID_DAYS,
        espd=("general_turnover",),
        link=UHM_QUALIFICATION,
    ),
    Item(
        id="RD-08",
        area=Area.ECONOMIC,
        level=Level.COMMON,
        title=_("Liability insurance"),
        meaning=_(
            "Liability insurance, and for consulting and IT also professional indemnity insurance, "
            "with amounts buyers commonly ask for."
        ),
        legal_basis='LOU 14 kap.; ESPD "professional risk indemnity insurance"',
        evidence=_("Insurance certificate with the amounts and the period of validity"),
        next_steps=_(
            "Ask your insurer for a certificate showing the cover per claim and the validity. Enter "
            "the amount and end date in the profile so reminders reach you before it lapses."
        ),
        guide="economic-standing",
        expiry_entered=True,
        espd=("indemnity_insurance",),
    ),
    Item(
        id="RD-09",
        area=Area.TECHNICAL,
        level=Level.COMMON,
        title=_("References from similar assignments"),
        meaning=_(
            "Two or three similar assignments with contact persons who agree to be contacted: from "
            "the last three years for supplies and services, five years for works."
        ),
        legal_basis="LOU 14 kap.; 15:11",
        evidence=_("Reference sheets with the customer's contact person"),
        next_steps=_(
            "Ask two or three customers whether they will act as references and write down what was "
            "delivered, when and the contact person. Add them as customer references on Arena."
        ),
        guide="references",
        espd=("references_services", "references_supplies", "references_works"),
        link=UHM_QUALIFICATION,
    ),
    Item(
        id="RD-10",
        area=Area.TECHNICAL,
        level=Level.COMMON,
        title=_("CVs and key people's qualifications"),
        meaning=_("CVs and certifications of the people who will do the work."),
        legal_basis="LOU 14 kap.; 15:11",
        evidence=_("CVs in a common format"),
        next_steps=_(
            "Keep short CVs of your key people in one format, with education, certifications and "
            "similar assignments."
        ),
        guide="references",
    ),
    # VERIFY section: the 15 kap. sections on quality-assurance standards (dir. art. 62).
    Item(
        id="RD-11",
        area=Area.QUALITY_ENVIRONMENT,
        level=Level.COMMON,
        title=_("Quality management system"),
        meaning=_(
            "ISO 9001 or an equivalent documented quality system. Buyers must accept equivalent "
            "measures, so a certificate is not the only way."
        ),
        legal_basis="LOU 15 kap. (dir. 2014/24 art. 62)",
        evidence=_("ISO 9001 certificate or a description of the quality system"),
        next_steps=_(
            "Certify with an accredited certification body, or write down your quality routines as "
            '"equivalent measures" and keep them ready.'
        ),
        guide="quality-environment",
        expiry_entered=True,
        espd=("quality_assurance",),
    ),
    # VERIFY section: as RD-11.
    Item(
        id="RD-12",
        area=Area.QUALITY_ENVIRONMENT,
        level=Level.COMMON,
        title=_("Environmental management"),
        meaning=_(
            "ISO 14001, EMAS or an equivalent environmental management system, and an environmental "
            "policy."
        ),
        legal_basis="LOU 15 kap. (dir. 2014/24 art. 62)",
        evidence=_("ISO 14001 or EMAS certificate, or a description of the system"),
        next_steps=_(
            "Certify with an accredited body or describe your environmental routines and policy as "
            "equivalent measures."
        ),
        guide="quality-environment",
        expiry_entered=True,
        espd=("environmental_management",),
        link=UHM_CRITERIA,
    ),
    Item(
        id="RD-13",
        area=Area.TECHNICAL,
        level=Level.COMMON,
        title=_("Capacity from others"),
        meaning=_(
            "When the company relies on a subcontractor, parent company or partner for capacity, it "
            "shows that their resources will be available."
        ),
        legal_basis="LOU 14:6–8; 15:1",
        evidence=_("Signed commitment letters or consortium agreement; a separate ESPD for each"),
        next_steps=_(
            "Get a signed commitment letter from each partner you rely on, and ask them for their own "
            "ESPD."
        ),
        guide="capacity-of-others",
        may_be_not_applicable=True,
    ),
    Item(
        id="RD-14",
        area=Area.ESPD_EINVOICING,
        level=Level.RECOMMENDED,
        title=_("ESPD profile"),
        meaning=_(
            "Reusable answers to the European Single Procurement Document, exported as ESPD-EDM XML "
            "for the buyer's e-procurement tool."
        ),
        legal_basis="LOU 15:1–2",
        evidence=_("ESPD Response (XML)"),
        next_steps=_(
            "Fill in this checklist, then export the ESPD below and import it in the buyer's "
            "e-procurement system."
        ),
        guide="espd",
        link=ESPD_EDM,
    ),
    Item(
        id="RD-15",
        area=Area.DATA_SECURITY,
        level=Level.MANDATORY,
        title=_("GDPR as a processor"),
        meaning=_(
            "A record of processing, a data processing agreement template (art. 28), a list of "
            "sub-processors, where data is stored and the transfer basis, and security measures."
        ),
        legal_basis="GDPR art. 28, 30, 32",
        evidence=_("Record of processing, DPA template, sub-processor list, security description"),
        next_steps=_(
            "Write down what personal data you process for buyers, where it is stored and by whom. "
            "Prepare a data processing agreement template and a list of sub-processors."
        ),
        guide="gdpr-processor",
        applies=Applicability.PERSONAL_DATA,
    ),
    Item(
        id="RD-16",
        area=Area.DATA_SECURITY,
        level=Level.RECOMMENDED,
        title=_("Information security"),
        meaning=_(
            "ISO 27001 or equivalent described controls; readiness for protective security "
            "(säkerhetsskydd) in security-sensitive contracts."
        ),
        legal_basis="contract conditions",
        evidence=_("Information security policy or ISO 27001 certificate"),
        next_steps=_(
            "Write an information security policy with access control, backups and incident "
            "handling; certify against ISO 27001 if your buyers ask for it."
        ),
        guide="readiness",
        expiry_entered=True,
    ),
    Item(
        id="RD-17",
        area=Area.ACCESSIBILITY,
        level=Level.COMMON,
        title=_("Accessibility of digital services"),
        meaning=_(
            "Digital services for public bodies must meet the DOS law: EN 301 549 V3.2.1, that is "
            "WCAG 2.1 AA. The EU Accessibility Act applies from 28 June 2025."
        ),
        legal_basis="Lag (2018:1937) (DOS-lagen)",
        evidence=_("Conformance report against EN 301 549"),
        next_steps=_(
            "Test the service against WCAG 2.1 AA, fix what fails, and write a conformance report "
            "against EN 301 549."
        ),
        guide="accessibility",
        applies=Applicability.DIGITAL,
    ),
    Item(
        id="RD-18",
        area=Area.SUSTAINABILITY,
        level=Level.COMMON,
        title=_("Sustainability and climate"),
        meaning=_(
            "Answers to the sustainability criteria buyers take from Upphandlingsmyndigheten, "
            "climate data where asked, and supply-chain due diligence."
        ),
        legal_basis="LOU 17 kap.; UHM kriterietjänst",
        evidence=_("Answers to the relevant criteria; climate footprint data"),
        next_steps=_(
            "Look up your product area in Upphandlingsmyndigheten's criteria service and prepare "
            "answers to the criteria at basic level."
        ),
        guide="sustainability-agenda-2030",
        link=UHM_CRITERIA,
    ),
    Item(
        id="RD-19",
        area=Area.SUSTAINABILITY,
        level=Level.COMMON,
        title=_("Supplier code of conduct"),
        meaning=_(
            "The regions' code of conduct for suppliers accepted, with a due-diligence clause."
        ),
        legal_basis="LOU 17 kap. (contract conditions)",
        evidence=_("Signed code of conduct"),
        next_steps=_(
            "Read the regions' joint code of conduct for suppliers, check your supply chain against "
            "it and sign it."
        ),
        guide="code-of-conduct",
    ),
    Item(
        id="RD-20",
        area=Area.SUSTAINABILITY,
        level=Level.COMMON,
        title=_("Labour-law conditions"),
        meaning=_(
            "Wages, holidays and working hours at least at collective-agreement level when the buyer "
            "requires it."
        ),
        legal_basis="LOU 17 kap. (arbetsrättsliga villkor)",
        evidence=_("Declaration of the conditions applied"),
        next_steps=_(
            "Find the collective agreement for your sector and check that your terms meet its "
            "wages, holidays and working hours."
        ),
        guide="code-of-conduct",
        may_be_not_applicable=True,
    ),
    Item(
        id="RD-21",
        area=Area.ESPD_EINVOICING,
        level=Level.MANDATORY,
        title=_("E-invoicing"),
        meaning=_(
            "Public buyers must receive electronic invoices: Peppol BIS Billing 3 (EN 16931)."
        ),
        legal_basis="Lag (2018:1277)",
        evidence=_("Peppol ID"),
        next_steps=_(
            "Get a Peppol ID through your accounting system or an access point provider and send a "
            "test invoice."
        ),
        guide="e-invoicing",
    ),
    # VERIFY section: OSL 19:3 and 31:16.
    Item(
        id="RD-22",
        area=Area.SUSTAINABILITY,
        level=Level.RECOMMENDED,
        title=_("Trade secrets marked in tenders"),
        meaning=_(
            "Parts of a tender that are trade secrets are marked, with reasons, so the buyer can "
            "assess confidentiality."
        ),
        legal_basis="OSL 19:3, 31:16",
        evidence=_("A tender template with a section for confidentiality requests"),
        next_steps=_(
            "Add a confidentiality request to your tender template that names the parts and explains "
            "the harm disclosure would cause."
        ),
        guide="trade-secrets",
    ),
    Item(
        id="RD-23",
        area=Area.TECHNICAL,
        level=Level.RECOMMENDED,
        title=_("IP position"),
        meaning=_("A register of background IP and the licence model you can accept."),
        legal_basis="LOU 9:1; innovation partnership",
        evidence=_("Background IP register"),
        next_steps=_(
            "List your background IP (code, patents, designs) and decide which licence levels you "
            "can offer a public buyer."
        ),
        guide="ip-in-procurement",
    ),
    Item(
        id="RD-24",
        area=Area.ESPD_EINVOICING,
        level=Level.RECOMMENDED,
        title=_("Alerts from advertising databases"),
        meaning=_(
            "Registered with the advertising databases, with alerts on your CPV and NUTS codes."
        ),
        legal_basis="Lag (2019:668)",
        evidence=_("Saved searches and alerts"),
        next_steps=_(
            "Register with one of the registered advertising databases and set alerts on your CPV "
            "and NUTS codes; Arena's alerts follow the same codes."
        ),
        guide="readiness",
    ),
)

BY_ID: dict[str, Item] = {item.id: item for item in ITEMS}


def item_get(item_id: str) -> Item:
    return BY_ID[item_id]
