import pytest
from django.test import Client
from django.urls import reverse

from arena.needs.enums import Visibility
from arena.networks.selectors import same_need_pairs
from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.reference import CpvCodeFactory

pytestmark = pytest.mark.django_db


def _challenge(owner, title, text, *, cpv=(), visibility=Visibility.PUBLIC):
    challenge = ChallengeFactory(
        owners=[owner],
        title_sv=title,
        title_en="",
        text_sv=text,
        text_en="",
        problem="",
        desired_effects="",
        visibility=visibility,
    )
    challenge.cpv_codes.set(cpv)
    return challenge


@pytest.fixture
def members(network):
    first, second, third = BuyerFactory(), BuyerFactory(), BuyerFactory()
    network.organisations.add(first, second, third)
    return first, second, third


def test_same_need_finds_similar_pair_and_not_an_unrelated_one(network, members, coordinator):
    first, second, third = members
    waste = _challenge(
        first,
        "Mindre matsvinn i skolmatsalarna",
        "Vi vill mäta och halvera matsvinnet i skolmatsalarna med vågar och uppföljning.",
    )
    similar = _challenge(
        second,
        "Halverat matsvinn i skolornas matsalar",
        "Matsvinnet i våra skolmatsalar ska halveras; vi söker vågar och uppföljning av svinnet.",
    )
    snow = _challenge(
        third,
        "Smartare snöröjning",
        "Vi vill planera plogning och sandning efter väderprognoser och trafikflöden på gator.",
    )
    pairs = same_need_pairs(network=network, viewer=coordinator, all_pairs=True)
    assert [{p.first, p.second} for p in pairs] == [{waste, similar}]
    assert snow not in {pairs[0].first, pairs[0].second}
    assert "matsvinnet" in pairs[0].shared_words or "matsvinn" in pairs[0].shared_words


def test_same_need_shared_cpv_group_lowers_the_bar_and_is_named(network, members, coordinator):
    first, second, _third = members
    CpvCodeFactory(
        code="48100000",
        label_sv="Branschspecifika programvarupaket",
        label_en="Industry specific software package",
    )
    software = CpvCodeFactory(
        code="48180000",
        label_sv="Programvara för medicinsk utrustning",
        label_en="Medical software package",
    )
    scheduling = CpvCodeFactory(
        code="48190000",
        label_sv="Programvara för utbildning",
        label_en="Educational software package",
    )
    a = _challenge(
        first,
        "Digital schemaläggning i hemtjänsten",
        "Planera besök hos brukare och personalens rutter.",
        cpv=[software],
    )
    b = _challenge(
        second,
        "Bättre planering av hemtjänstens besök",
        "Verktyg för att planera rutter och scheman.",
        cpv=[scheduling],
    )
    pairs = same_need_pairs(network=network, viewer=coordinator, all_pairs=True)
    assert [{p.first, p.second} for p in pairs] == [{a, b}]
    assert [code.code for code in pairs[0].shared_cpv] == ["48100000"]
    assert pairs[0].score < 0.30, pairs[0].score  # on words alone it would not show


def test_same_need_never_pairs_a_confidential_challenge_the_viewer_may_not_see(
    network, members, coordinator
):
    first, second, _third = members
    _challenge(
        first,
        "Mindre matsvinn i skolmatsalarna",
        "Vi vill halvera matsvinnet i skolmatsalarna med vågar.",
    )
    _challenge(
        second,
        "Hemligt: matsvinn i skolmatsalarna",
        "Vi vill halvera matsvinnet i skolmatsalarna med vågar.",
        visibility=Visibility.CONFIDENTIAL,
    )
    assert same_need_pairs(network=network, viewer=coordinator, all_pairs=True) == []


def test_same_need_ignores_two_challenges_of_the_same_organisation(network, members, coordinator):
    first, _second, _third = members
    _challenge(first, "Matsvinn i skolan", "Halvera matsvinnet i skolmatsalarna.")
    _challenge(first, "Matsvinn i skolan igen", "Halvera matsvinnet i skolmatsalarna.")
    assert same_need_pairs(network=network, viewer=coordinator, all_pairs=True) == []


def test_same_need_page_member_sees_only_pairs_with_own_challenge(network, members):
    first, second, third = members
    text = "Vi vill halvera matsvinnet i skolmatsalarna med vågar och uppföljning."
    _challenge(first, "Matsvinn i skolan", text)
    _challenge(second, "Matsvinn i skolorna", text)
    first_admin = MembershipFactory(organisation=first, role=MembershipRole.ADMIN).user
    third_admin = MembershipFactory(organisation=third, role=MembershipRole.ADMIN).user
    client = Client()
    client.force_login(first_admin)
    assert len(client.get(reverse("networks:same_need", args=[network.slug])).context["pairs"]) == 1
    client.force_login(third_admin)
    assert client.get(reverse("networks:same_need", args=[network.slug])).context["pairs"] == []


def test_same_need_page_outsider_gets_404(network, outsider):
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("networks:same_need", args=[network.slug])).status_code == 404
