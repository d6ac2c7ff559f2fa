import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from arena.accounts.models import User
from arena.events import selectors as events_selectors
from arena.events.models import Event
from arena.needs import selectors as needs_selectors
from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge
from arena.networks.enums import FINISHED_PILOT_STATUSES, ContentVisibility, InvitationStatus
from arena.networks.models import (
    Case,
    Network,
    NetworkCoordinator,
    NetworkInvitation,
    NetworkLogEntry,
    Routine,
    Story,
)
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Membership, Organisation
from arena.pilots import selectors as pilots_selectors
from arena.pilots.models import Pilot
from arena.reference.models import CpvCode

_MEMBERS = Network.organisations.through
_OWNERS = Challenge.owners.through


def network_peer_ids(*, organisation_ids: Iterable[int]) -> set[int]:
    """Organisations that share at least one network with any of `organisation_ids` (themselves included)."""
    ids = list(organisation_ids)
    if not ids:
        return set()
    networks = _MEMBERS.objects.filter(organisation_id__in=ids).values("network_id")
    return set(
        _MEMBERS.objects.filter(network_id__in=networks).values_list("organisation_id", flat=True)
    ) | set(ids)


def network_member_ids(*, network: Network) -> set[int]:
    """Ids of the organisations that are members of `network`."""
    return set(
        _MEMBERS.objects.filter(network_id=network.pk).values_list("organisation_id", flat=True)
    )


## Networks and the viewer's place in them


def _authenticated(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_authenticated


def _with_viewer(queryset: QuerySet[Network], viewer: User | None) -> QuerySet[Network]:
    """Annotate the viewer's flags (rules.py reads them: no extra query per network)."""
    if not _authenticated(viewer):
        return queryset.annotate(
            viewer_is_member=Value(False, output_field=BooleanField()),
            viewer_in_owner=Value(False, output_field=BooleanField()),
            viewer_is_coordinator=Value(False, output_field=BooleanField()),
        )
    assert viewer is not None
    my_orgs = Membership.objects.filter(user=viewer).values("organisation_id")
    my_admin_orgs = Membership.objects.filter(user=viewer, role=MembershipRole.ADMIN).values(
        "organisation_id"
    )
    member = Exists(_MEMBERS.objects.filter(network_id=OuterRef("pk"), organisation_id__in=my_orgs))
    coordinator = Exists(NetworkCoordinator.objects.filter(network=OuterRef("pk"), user=viewer))
    return queryset.annotate(
        viewer_pk=Value(viewer.pk),
        viewer_is_member=member,
        viewer_in_owner=Q(owner_id__in=my_orgs),
        # A coordinator who has left the owner organisation coordinates nothing any more.
        viewer_is_coordinator=(coordinator & Q(owner_id__in=my_orgs))
        | Q(owner_id__in=my_admin_orgs),
    )


def _inside(viewer: User) -> Q:
    my_orgs = Membership.objects.filter(user=viewer).values("organisation_id")
    member_of = _MEMBERS.objects.filter(organisation_id__in=my_orgs).values("network_id")
    # Coordinators are people of the owner, so the owner's people cover them.
    return Q(pk__in=member_of) | Q(owner_id__in=my_orgs)


def networks_visible_to(*, viewer: User | None) -> QuerySet[Network]:
    """Publicly listed networks, and those the viewer is inside of (member, owner, coordinator)."""
    visible = Q(is_public=True)
    if _authenticated(viewer):
        assert viewer is not None
        visible |= _inside(viewer)
    return (
        _with_viewer(Network.objects.filter(visible), viewer)
        .select_related("owner")
        .annotate(member_count=Count("organisations", distinct=True))
        .order_by("name", "pk")
    )


def networks_of_user(*, user: User) -> QuerySet[Network]:
    return networks_visible_to(viewer=user).filter(_inside(user))


def network_get(*, slug: str, viewer: User | None) -> Network:
    """The network with the viewer's flags, or 404 (callers check the permission they need)."""
    try:
        return _with_viewer(Network.objects.select_related("owner"), viewer).get(slug=slug)
    except Network.DoesNotExist as error:
        raise Http404 from error


def network_members(*, network: Network) -> QuerySet[Organisation]:
    return network.organisations.select_related("municipality", "region").order_by("name", "pk")


def network_coordinators(*, network: Network) -> QuerySet[NetworkCoordinator]:
    return network.coordinators.select_related("user")


def coordinator_candidates(*, network: Network) -> QuerySet[User]:
    """People of the owner organisation who are not coordinators yet."""
    if network.owner_id is None:
        return User.objects.none()
    return (
        User.objects.filter(memberships__organisation_id=network.owner_id, is_active=True)
        .exclude(network_coordinations__network=network)
        .order_by("full_name", "email")
    )


def network_log(*, network: Network, limit: int = 50) -> QuerySet[NetworkLogEntry]:
    return network.log.select_related("actor", "organisation")[:limit]


def organisations_admined_by(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.ADMIN
    ).order_by("name", "pk")


def member_organisations_of_user(*, network: Network, user: User) -> QuerySet[Organisation]:
    """The viewer's organisations that are members of the network."""
    return network.organisations.filter(memberships__user=user).order_by("name", "pk")


def sharing_organisations_of_user(*, network: Network, user: User) -> QuerySet[Organisation]:
    """Organisations the user may share content as: their member organisations and the owner."""
    ids = set(member_organisations_of_user(network=network, user=user).values_list("pk", flat=True))
    if (
        network.owner_id
        and Membership.objects.filter(user=user, organisation_id=network.owner_id).exists()
    ):
        ids.add(network.owner_id)
    return Organisation.objects.filter(pk__in=ids).order_by("name", "pk")


## Invitations


def invitations_open(*, network: Network) -> QuerySet[NetworkInvitation]:
    return network.invitations.filter(
        status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    ).select_related("organisation", "invited_by")


def invitations_for_user(*, user: User) -> QuerySet[NetworkInvitation]:
    """Open invitations to organisations the user administers.

    Invitations by e-mail are left out: sign-up does not verify addresses, so only the link in
    the e-mail (its token) proves that the person reads that mailbox.
    """
    admined = Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values(
        "organisation_id"
    )
    return (
        NetworkInvitation.objects.filter(
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
            organisation_id__in=admined,
        )
        .select_related("network", "organisation")
        .order_by("-created_at", "-pk")
    )


def invitation_get_by_token(*, token: str) -> NetworkInvitation:
    try:
        return NetworkInvitation.objects.select_related("network", "organisation").get(token=token)
    except NetworkInvitation.DoesNotExist as error:
        raise Http404 from error


def organisations_that_may_answer(
    *, invitation: NetworkInvitation, user: User
) -> QuerySet[Organisation]:
    """The organisations the user may accept `invitation` for (empty when they may not)."""
    if not _authenticated(user):
        return Organisation.objects.none()
    admined = organisations_admined_by(user=user)
    if invitation.organisation_id is not None:
        return admined.filter(pk=invitation.organisation_id)
    if invitation.email.lower() != user.email.lower():
        return Organisation.objects.none()
    return admined.exclude(pk__in=network_member_ids(network=invitation.network))


## Shared content: cases and routines


def _content_visible(queryset: QuerySet[Any], *, inside: bool) -> QuerySet[Any]:
    return queryset if inside else queryset.filter(visibility=ContentVisibility.PUBLIC)


def cases_visible_to(*, network: Network, inside: bool) -> QuerySet[Case]:
    """A network's cases: all for people inside it, the published ones for everyone else."""
    return _content_visible(
        network.cases.select_related("author_organisation").prefetch_related("cpv_codes"),
        inside=inside,
    )


def case_get(*, network: Network, pk: int) -> Case:
    """The case, or 404 (callers check networks.view_item)."""
    try:
        return (
            network.cases.select_related("author_organisation", "pilot", "challenge")
            .prefetch_related("cpv_codes")
            .get(pk=pk)
        )
    except Case.DoesNotExist as error:
        raise Http404 from error


def routines_visible_to(*, network: Network, inside: bool) -> QuerySet[Routine]:
    return _content_visible(network.routines.select_related("author_organisation"), inside=inside)


def routine_get(*, network: Network, pk: int) -> Routine:
    try:
        return network.routines.select_related("author_organisation").get(pk=pk)
    except Routine.DoesNotExist as error:
        raise Http404 from error


def case_challenge_for_viewer(*, case: Case, viewer: User | None) -> Challenge | None:
    """The case's challenge, only when the viewer may read it (its title may be confidential)."""
    if case.challenge_id is None:
        return None
    return needs_selectors.challenges_visible_to(viewer=viewer).filter(pk=case.challenge_id).first()


def linkable_challenges(
    *, network: Network, user: User, keep_id: int | None = None
) -> QuerySet[Challenge]:
    """Challenges a case may point to: the user's own organisations' ones.

    `keep_id` (the case's current link, when a coordinator edits a member's case) stays among
    them only when the user may see that challenge: its title may be confidential.
    """
    mine = Membership.objects.filter(user=user).values("organisation_id")
    linkable = Q(pk__in=_OWNERS.objects.filter(organisation_id__in=mine).values("challenge_id"))
    if keep_id:
        visible = needs_selectors.challenges_visible_to(viewer=user).values("pk")
        linkable |= Q(pk=keep_id) & Q(pk__in=visible)
    return Challenge.objects.filter(linkable).order_by("-created_at", "pk")


def linkable_pilots(*, user: User, keep_id: int | None = None) -> QuerySet[Pilot]:
    """Pilots a case may point to: those on the user's own organisations' challenges.

    `keep_id` stays among them only when the user may open that pilot (pilots.view_group).
    """
    mine = Membership.objects.filter(user=user).values("organisation_id")
    owned = _OWNERS.objects.filter(organisation_id__in=mine).values("challenge_id")
    linkable = Q(group__challenge__in=owned)
    if keep_id:
        visible = pilots_selectors.groups_visible_to(user=user).values("pk")
        linkable |= Q(pk=keep_id) & Q(group__in=visible)
    return Pilot.objects.filter(linkable).order_by("-created_at", "pk")


## Events and challenges of the network


def network_events(*, network: Network, viewer: User | None) -> QuerySet[Event]:
    """The network's events the viewer may see (the events app decides that)."""
    return events_selectors.events_visible_to(viewer=viewer).filter(network=network)


def _member_owned_counts(network: Network) -> QuerySet[Any]:
    return (
        _OWNERS.objects.filter(
            organisation_id__in=_MEMBERS.objects.filter(network=network).values("organisation_id")
        )
        .values("challenge_id")
        .annotate(owners=Count("organisation_id", distinct=True))
    )


def joint_challenges(*, network: Network, viewer: User | None) -> QuerySet[Challenge]:
    """Challenges co-owned by two or more member organisations that the viewer may see."""
    joint = _member_owned_counts(network).filter(owners__gte=2).values("challenge_id")
    return (
        needs_selectors.challenges_visible_to(viewer=viewer)
        .filter(pk__in=joint)
        .prefetch_related(Prefetch("owners", queryset=Organisation.objects.order_by("name")))
        .order_by("-published_at", "-created_at", "pk")
    )


## The "same need" signal

# Challenges still open for others to join (a closed one is history, a draft not yet a need).
SAME_NEED_STATUSES = (
    ChallengeStatus.PUBLISHED,
    ChallengeStatus.IN_DIALOGUE,
    ChallengeStatus.PILOT,
    ChallengeStatus.PROCUREMENT,
)
# Text similarity (BM25 of one challenge's words against another's, relative to its own score)
# above which a pair is shown on words alone, and the lower bar when they share a CPV group.
SAME_NEED_TEXT_ALONE = 0.35
SAME_NEED_TEXT_WITH_CPV = 0.20
SAME_NEED_MAX_CHALLENGES = 400
SAME_NEED_MAX_WORDS = 6
_WORD = re.compile(r"\w+", re.UNICODE)
# Common words the engine's short stop list keeps; a reason naming them explains nothing.
_PLAIN_TEXT = """
    about also both been could each from have into more most much need needs same some such than
    that their them then there these they this those very well were what when which while will
    with would your other only over under because between after before where should
    alla andra bara blir både där eller finns från genom hela inte kan kunna många mer mest
    också sina sitt sina ska skulle samma till under utan vara vill vilka våra vårt även
"""
_PLAIN_WORDS = frozenset(_PLAIN_TEXT.split())


@dataclass(frozen=True)
class SameNeedPair:
    first: Challenge
    second: Challenge
    score: float
    shared_cpv: list[CpvCode] = field(default_factory=list)
    shared_words: list[str] = field(default_factory=list)


def _texts(challenge: Challenge) -> dict[str, str]:
    """The challenge's text per language; problem and effects go with its main language."""
    extra = "\n".join(p for p in (challenge.problem, challenge.desired_effects) if p)
    texts: dict[str, str] = {}
    swedish = "\n".join(p for p in (challenge.title_sv, challenge.text_sv) if p)
    english = "\n".join(p for p in (challenge.title_en, challenge.text_en) if p)
    if swedish:
        texts["sv"] = f"{swedish}\n{extra}"
    if english:
        texts["en"] = english if swedish else f"{english}\n{extra}"
    return texts


def _surface(text: str, language: str) -> dict[str, str]:
    """Each stem of the text with a word it came from, for a reason people can read."""
    from arena.matching.text import tokens  # noqa: PLC0415  # stemmers load on first use only

    words: dict[str, str] = {}
    for word in dict.fromkeys(_WORD.findall(text.lower())):
        stems = tokens(word, language)
        for stem in stems:
            words.setdefault(stem, word if len(stems) == 1 else stem)
    return words


def _title_stems(challenge: Challenge, language: str) -> set[str]:
    from arena.matching.text import tokens  # noqa: PLC0415  # stemmers load on first use only

    title = challenge.title_sv if language == "sv" else challenge.title_en
    return set(tokens(title, language)) if title else set()


def _similarities(
    challenges: list[Challenge],
) -> tuple[dict[tuple[int, int], tuple[float, str]], dict[str, dict[int, set[str]]]]:
    """Pairwise text similarity per pair (best language) and each challenge's stems per language."""
    from arena.matching.index import Document, LexicalIndex  # noqa: PLC0415  # numpy: on use only
    from arena.matching.text import tokens  # noqa: PLC0415

    best: dict[tuple[int, int], tuple[float, str]] = {}
    stems: dict[str, dict[int, set[str]]] = {}
    for language in ("sv", "en"):
        docs = [(c, text) for c in challenges if (text := _texts(c).get(language, "").strip())]
        if len(docs) < 2:
            continue
        index = LexicalIndex(
            [Document(id=str(c.pk), text=text, language=language) for c, text in docs]
        )
        stems[language] = {c.pk: set(tokens(text, language)) for c, text in docs}
        rows = []
        for position, (_challenge, text) in enumerate(docs):
            scores = index.scores(text, language)
            own = float(scores[position]) or 1.0
            rows.append([float(s) / own for s in scores])
        for i, (first, _) in enumerate(docs):
            for j in range(i + 1, len(docs)):
                second = docs[j][0]
                score = (rows[i][j] + rows[j][i]) / 2
                key = (first.pk, second.pk)
                if score > best.get(key, (0.0, ""))[0]:
                    best[key] = (score, language)
    return best, stems


def same_need_pairs(
    *, network: Network, viewer: User | None, all_pairs: bool = False
) -> list[SameNeedPair]:
    """Pairs of similar challenges published by different member organisations, with the reason.

    Cheap by design (no embeddings): BM25 over the stemmed words of the network's own challenges
    (the matching engine's lexical part, with its Swedish compound splitting) plus shared CPV
    groups. Only challenges the viewer may see take part, so a confidential one never shows;
    `all_pairs` is for coordinators, everyone else sees the pairs one of their own challenges is in.
    """
    member_ids = network_member_ids(network=network)
    if len(member_ids) < 2:
        return []
    member_owned = _OWNERS.objects.filter(organisation_id__in=member_ids).values("challenge_id")
    challenges = list(
        needs_selectors.challenges_visible_to(viewer=viewer)
        .filter(pk__in=member_owned, status__in=SAME_NEED_STATUSES)
        .prefetch_related(
            Prefetch("owners", queryset=Organisation.objects.order_by("name")), "cpv_codes"
        )
        .order_by("-published_at", "pk")[:SAME_NEED_MAX_CHALLENGES]
    )
    if len(challenges) < 2:
        return []
    mine: set[int] = set()
    if _authenticated(viewer):
        mine = set(Membership.objects.filter(user=viewer).values_list("organisation_id", flat=True))
    by_pk = {c.pk: c for c in challenges}
    owners = {c.pk: {o.pk for o in c.owners.all()} & member_ids for c in challenges}
    codes = {c.pk: {code.code for code in c.cpv_codes.all()} for c in challenges}
    similarities, stems = _similarities(challenges)
    candidates: list[tuple[float, int, int, str, set[str]]] = []
    for (a, b), (score, language) in similarities.items():
        if owners[a] & owners[b]:
            continue  # one organisation already knows both of its own challenges
        if not all_pairs and not ((owners[a] | owners[b]) & mine):
            continue
        groups = {code[:3] for code in codes[a]} & {code[:3] for code in codes[b]}
        if score >= SAME_NEED_TEXT_ALONE or (groups and score >= SAME_NEED_TEXT_WITH_CPV):
            candidates.append((score, a, b, language, groups))
    if not candidates:
        return []
    wanted = set()
    for _score, a, b, _language, groups in candidates:
        wanted |= (codes[a] & codes[b]) or {f"{group}00000" for group in groups}
    labels = {code.code: code for code in CpvCode.objects.filter(code__in=wanted)}
    pairs = []
    for score, a, b, language, groups in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        shared_codes = (codes[a] & codes[b]) or {f"{group}00000" for group in groups}
        common = stems.get(language, {}).get(a, set()) & stems.get(language, {}).get(b, set())
        frequency = {
            stem: sum(1 for words in stems[language].values() if stem in words) for stem in common
        }
        surface = _surface(_texts(by_pk[a])[language], language)
        in_titles = _title_stems(by_pk[a], language) | _title_stems(by_pk[b], language)
        # Words of the titles first (they name the need), then the rarest in the network.
        ranked = sorted(common, key=lambda s: (s not in in_titles, frequency[s], s))
        words = [
            word
            for stem in ranked
            if len(word := surface.get(stem, stem)) > 3 and word not in _PLAIN_WORDS
        ][:SAME_NEED_MAX_WORDS]
        pairs.append(
            SameNeedPair(
                first=by_pk[a],
                second=by_pk[b],
                score=round(score, 2),
                shared_cpv=[labels[c] for c in sorted(shared_codes) if c in labels],
                shared_words=words,
            )
        )
    return pairs


## Public stories


def stories_published() -> QuerySet[Story]:
    return (
        Story.objects.filter(published_at__isnull=False)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )


def story_get(*, slug: str) -> Story:
    """The story, or 404 (callers check networks.view_story)."""
    try:
        return Story.objects.select_related("organisation", "pilot__group").get(slug=slug)
    except Story.DoesNotExist as error:
        raise Http404 from error


def stories_of_user(*, user: User) -> QuerySet[Story]:
    """Stories (drafts included) of the organisations the user administers."""
    return Story.objects.filter(
        organisation__in=organisations_admined_by(user=user)
    ).select_related("organisation")


def story_candidates(*, user: User) -> QuerySet[Pilot]:
    """Finished pilots without a story on challenges of organisations the user administers."""
    admined = Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values(
        "organisation_id"
    )
    return (
        Pilot.objects.filter(status__in=FINISHED_PILOT_STATUSES, story__isnull=True)
        .filter(
            group__challenge__in=_OWNERS.objects.filter(organisation_id__in=admined).values(
                "challenge_id"
            )
        )
        .order_by("-status_changed_at", "pk")
    )


def pilot_for_story(*, pilot_id: int, user: User) -> Pilot:
    """A finished pilot the user may write the story of, or 404."""
    try:
        return (
            story_candidates(user=user)
            .select_related("group__challenge")
            .prefetch_related("kpis")
            .get(pk=pilot_id)
        )
    except Pilot.DoesNotExist as error:
        raise Http404 from error


def story_organisations(*, pilot: Pilot, user: User) -> QuerySet[Organisation]:
    """The buyers of the pilot's challenge that the user administers (who may tell the story)."""
    return organisations_admined_by(user=user).filter(challenges=pilot.group.challenge_id)


def story_public_challenge(*, story: Story) -> Challenge | None:
    """The pilot's challenge only when anyone may read it; otherwise nothing of it is shown."""
    return (
        needs_selectors.challenges_visible_to(viewer=None)
        .filter(pk=story.pilot.group.challenge_id, visibility=Visibility.PUBLIC)
        .first()
    )
