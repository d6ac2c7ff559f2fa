import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.notices.enums import NoticeKind


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Off")


# A digest is due this long after the last one. A little under a day or a week, so a job run
# by cron at the same hour every day (or week) never skips a turn because the last run took
# a few minutes longer.
DIGEST_INTERVALS = {
    Frequency.DAILY: datetime.timedelta(hours=20),
    Frequency.WEEKLY: datetime.timedelta(days=6.5),
}
# Notices listed in one e-mail; the rest are one click away on the alerts page.
DIGEST_MAX_NOTICES = 15

# Each company keeps its best 30 notices: the length of its list and the pool digests draw from.
NOTICES_PER_COMPANY = 30
# Candidates asked of the engine per solution before the per-notice best is taken.
CANDIDATES_PER_QUERY = 60
# Below this fused score a notice is not shown at all. Centred e5 cosines of unrelated texts
# sit around 0 and of related ones at 0.3-0.6 (arena.matching.engine.Weights), so 0.12 keeps
# weak but real fits and drops notices that only share a word or a CPV division. A solution's
# title against a notice's adds half its centred cosine (about 0 for unrelated titles, so the
# floor keeps its meaning); profile items have no title and get nothing from it.
SCORE_FLOOR = 0.12
# In the CPV-only fallback the score is the engine's CPV value (group 0.5, division 0.25), so
# a shared division is the least that counts.
CPV_FALLBACK_FLOOR = 0.25

# Feedback on one notice moves the notices sharing its CPV group (the first three digits of its
# main code: "453" building installation work) — the level at which suppliers say "not our
# market". Per verdict, capped, so a few clicks re-order a list without burying it:
# - "not relevant" lowers the group by 0.05 (about the spread of a typical top 10), at most 0.10;
#   suppliers' main complaint is noise, so a rejection says more about neighbours than
# - "relevant", which lifts the group by 0.03, at most 0.06: liking one notice says less about
#   the rest of the group.
IRRELEVANT_GROUP_PENALTY = 0.05
IRRELEVANT_GROUP_PENALTY_MAX = 0.10
RELEVANT_GROUP_BOOST = 0.03
RELEVANT_GROUP_BOOST_MAX = 0.06
CPV_GROUP_DIGITS = 3

# Notices nobody can tender for any more: results and changes report on a contract already
# awarded, and a voluntary ex-ante transparency notice announces a direct award.
CLOSED_KINDS = frozenset({NoticeKind.RESULT, NoticeKind.CHANGE, NoticeKind.DIRECT_AWARD})
