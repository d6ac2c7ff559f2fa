import pytest
from django.core import mail
from django.core.management import call_command

from arena.alerts.models import NoticeSuggestion
from tests.factories.alerts import AlertSubscriptionFactory
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_build_notice_alerts_ranks_every_company(capsys, organisation, solar, solar_notice):
    call_command("build_notice_alerts")

    assert "Ranked notices for 1 companies." in capsys.readouterr().out
    assert list(NoticeSuggestion.objects.values_list("notice_id", flat=True)) == [solar_notice.pk]


def test_send_notice_digests_sends_the_due_ones(capsys, organisation, solar, solar_notice):
    user = MembershipFactory(organisation=organisation).user
    AlertSubscriptionFactory(user=user, organisation=organisation)
    call_command("build_notice_alerts")

    call_command("send_notice_digests")
    call_command("send_notice_digests")

    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Sent 1 notice digests.",
        "Sent 0 notice digests.",
    ]
    assert len(mail.outbox) == 1
