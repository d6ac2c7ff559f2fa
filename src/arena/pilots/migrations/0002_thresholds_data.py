"""Thresholds and direct-award limits from domain.md §1.6, as the starting data.

Amounts marked VERIFY in domain.md are loaded with an empty SEK amount and a note, so the
advisor says it cannot compare rather than guessing; an administrator fills them in the admin.
"""

import datetime

from django.db import migrations

CLASSIC_2026 = "Commission Delegated Regulation (EU) 2025/2152"
UTILITIES_2026 = "Commission Delegated Regulation (EU) 2025/2150"
CLASSIC_2024 = "Commission Delegated Regulation (EU) 2023/2495; SEK: Upphandlingsmyndigheten"
CLASSIC_2022 = "Commission Delegated Regulation (EU) 2021/1952; SEK: Konkurrensverket"
UHM_LIMITS = (
    "19 a kap. LOU (prop. 2021/22:5); https://www.upphandlingsmyndigheten.se/"
    "regler-och-lagstiftning/troskelvarden-och-direktupphandlingsgranser"
)
SEK_MISSING = "SEK equivalent not verified: check upphandlingsmyndigheten.se and fill it in."

PERIODS = {
    "2022": (datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)),
    "2024": (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
    "2026": (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
}

# (period, buyer type, contract type, EUR, SEK or None, source)
EU_THRESHOLDS = [
    ("2026", "central", "supplies", 140_000, None, CLASSIC_2026),
    ("2026", "central", "services", 140_000, None, CLASSIC_2026),
    ("2026", "sub_central", "supplies", 216_000, None, CLASSIC_2026),
    ("2026", "sub_central", "services", 216_000, None, CLASSIC_2026),
    ("2026", "central", "works", 5_404_000, None, CLASSIC_2026),
    ("2026", "sub_central", "works", 5_404_000, None, CLASSIC_2026),
    ("2026", "utility", "supplies", 432_000, None, UTILITIES_2026),
    ("2026", "utility", "services", 432_000, None, UTILITIES_2026),
    ("2026", "utility", "works", 5_404_000, None, UTILITIES_2026),
    ("2024", "central", "supplies", 143_000, 1_546_202, CLASSIC_2024),
    ("2024", "central", "services", 143_000, 1_546_202, CLASSIC_2024),
    ("2024", "sub_central", "supplies", 221_000, 2_389_585, CLASSIC_2024),
    ("2024", "sub_central", "services", 221_000, 2_389_585, CLASSIC_2024),
    ("2024", "central", "works", 5_538_000, 59_880_179, CLASSIC_2024),
    ("2024", "sub_central", "works", 5_538_000, 59_880_179, CLASSIC_2024),
    ("2024", "utility", "supplies", 443_000, 4_789_982, CLASSIC_2024),
    ("2024", "utility", "services", 443_000, 4_789_982, CLASSIC_2024),
    ("2024", "utility", "works", 5_538_000, None, CLASSIC_2024),
    ("2022", "central", "supplies", 140_000, 1_456_476, CLASSIC_2022),
    ("2022", "central", "services", 140_000, 1_456_476, CLASSIC_2022),
    ("2022", "sub_central", "supplies", 215_000, 2_236_731, CLASSIC_2022),
    ("2022", "sub_central", "services", 215_000, 2_236_731, CLASSIC_2022),
    ("2022", "central", "works", 5_382_000, 55_991_099, CLASSIC_2022),
    ("2022", "sub_central", "works", 5_382_000, 55_991_099, CLASSIC_2022),
    ("2022", "utility", "supplies", 431_000, 4_483_865, CLASSIC_2022),
    ("2022", "utility", "services", 431_000, 4_483_865, CLASSIC_2022),
    ("2022", "utility", "works", 5_382_000, None, CLASSIC_2022),
]

LIMITS_FROM = datetime.date(2022, 2, 1)


def load(apps, schema_editor):
    Threshold = apps.get_model("pilots", "Threshold")
    rows = []
    for period, buyer_type, contract_type, eur, sek, source in EU_THRESHOLDS:
        valid_from, valid_to = PERIODS[period]
        rows.append(
            Threshold(
                kind="eu_threshold",
                buyer_type=buyer_type,
                contract_type=contract_type,
                amount_eur=eur,
                amount_sek=sek,
                valid_from=valid_from,
                valid_to=valid_to,
                source=source,
                note="" if sek is not None else SEK_MISSING,
            )
        )
    # Fixed amounts written into the law since 2022-02-01; they do not follow the thresholds.
    for buyer_type, sek in (("sub_central", 700_000), ("central", 700_000), ("utility", 1_200_000)):
        rows.append(
            Threshold(
                kind="direct_award_limit",
                buyer_type=buyer_type,
                amount_sek=sek,
                valid_from=LIMITS_FROM,
                source=UHM_LIMITS,
            )
        )
    rows.append(
        Threshold(
            kind="documentation_limit",
            amount_sek=100_000,
            valid_from=LIMITS_FROM,
            source="19 a kap. LOU",
            note="SECONDARY source in domain.md (rule from the 2014 reform, kept in 19 a kap.).",
        )
    )
    Threshold.objects.bulk_create(rows)


def unload(apps, schema_editor):
    apps.get_model("pilots", "Threshold").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pilots", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
