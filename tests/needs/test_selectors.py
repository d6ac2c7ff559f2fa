import pytest
from django.http import Http404
from django.utils import timezone

from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import ChallengeAccess
from arena.needs.selectors import challenge_get, challenge_list, challenges_visible_to
from arena.networks.models import Network
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.reference import CpvCodeFactory

pytestmark = pytest.mark.django_db


def _slugs(queryset) -> set[str]:
    return set(queryset.values_list("slug", flat=True))


def test_visible_anonymous_sees_only_published_public():
    public = ChallengeFactory()
    ChallengeFactory(status=ChallengeStatus.DRAFT)
    ChallengeFactory(visibility=Visibility.NETWORK)
    ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    assert _slugs(challenges_visible_to(viewer=None)) == {public.slug}


def test_visible_owner_member_sees_own_drafts_and_confidential(buyer, buyer_member):
    draft = ChallengeFactory(status=ChallengeStatus.DRAFT, owners=[buyer])
    secret = ChallengeFactory(visibility=Visibility.CONFIDENTIAL, owners=[buyer])
    ChallengeFactory(status=ChallengeStatus.DRAFT)
    assert _slugs(challenges_visible_to(viewer=buyer_member)) == {draft.slug, secret.slug}


def test_visible_network_challenge_only_to_network_peers(buyer, buyer_member, outsider):
    owner = BuyerFactory()
    network = Network.objects.create(name="Skolmatsnätverket", slug="skolmat")
    network.organisations.add(owner, buyer)
    shared = ChallengeFactory(visibility=Visibility.NETWORK, owners=[owner])
    assert _slugs(challenges_visible_to(viewer=buyer_member)) == {shared.slug}
    assert _slugs(challenges_visible_to(viewer=outsider)) == set()


def test_visible_confidential_only_after_nda_accepted(organisation, member, outsider):
    secret = ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    access = ChallengeAccess.objects.create(challenge=secret, organisation=organisation)
    assert _slugs(challenges_visible_to(viewer=member)) == set()
    access.nda_accepted_at = timezone.now()
    access.save()
    assert _slugs(challenges_visible_to(viewer=member)) == {secret.slug}
    assert _slugs(challenges_visible_to(viewer=outsider)) == set()


def test_visible_draft_of_confidential_stays_hidden_even_after_nda(organisation, member):
    secret = ChallengeFactory(visibility=Visibility.CONFIDENTIAL, status=ChallengeStatus.DRAFT)
    ChallengeAccess.objects.create(
        challenge=secret, organisation=organisation, nda_accepted_at=timezone.now()
    )
    assert _slugs(challenges_visible_to(viewer=member)) == set()


def test_challenge_get_hidden_is_404(outsider):
    secret = ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    with pytest.raises(Http404):
        challenge_get(slug=secret.slug, viewer=outsider)


def test_challenge_list_fulltext_finds_swedish_and_english_words():
    food = ChallengeFactory(
        title_sv="Ekologisk skolmat",
        title_en="Organic school meals",
        text_sv="Mer ekologiska råvaror i köket.",
    )
    ChallengeFactory(
        title_sv="Trygg cykelparkering",
        title_en="Safe bicycle parking",
        text_sv="Cyklar stjäls.",
        text_en="Bikes are stolen.",
        problem="Stölder",
        desired_effects="Färre stölder",
    )
    assert _slugs(challenge_list(viewer=None, query="skolmat")) == {food.slug}
    assert _slugs(challenge_list(viewer=None, query="organic meals")) == {food.slug}
    assert _slugs(challenge_list(viewer=None, query="RÅVAROR")) == {food.slug}


def test_challenge_list_search_never_reveals_hidden_challenges(outsider):
    ChallengeFactory(title_sv="Hemlig skolmat", visibility=Visibility.CONFIDENTIAL)
    assert challenge_list(viewer=outsider, query="hemlig").count() == 0


def test_challenge_list_filters_by_cpv_branch_and_status():
    software = CpvCodeFactory()
    with_code = ChallengeFactory()
    with_code.cpv_codes.add(software)
    ChallengeFactory()
    in_dialogue = ChallengeFactory(status=ChallengeStatus.IN_DIALOGUE)
    assert _slugs(challenge_list(viewer=None, cpv="48")) == {with_code.slug}
    assert _slugs(challenge_list(viewer=None, cpv="48000000")) == {with_code.slug}
    assert _slugs(challenge_list(viewer=None, status="in_dialogue")) == {in_dialogue.slug}
