import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arena.organisations.enums import MembershipRole
from arena.readiness.enums import MAX_AMOUNT_SEK, AnswerStatus
from arena.readiness.models import ReadinessAnswer, ReadinessProfile, ReminderSent
from arena.readiness.services import (
    answer_set,
    certificate_add,
    espd_import_apply,
    profile_update,
    readiness_reminders_send,
    standard_normalise,
)
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.readiness import CertificateFactory, ReadinessProfileFactory

pytestmark = pytest.mark.django_db


def test_answer_set_fixed_validity_expiry_is_90_days_after_issue(organisation, owner):
    issued = timezone.localdate() - datetime.timedelta(days=10)
    answer = answer_set(
        organisation=organisation,
        actor=owner,
        item_id="RD-02",
        status=AnswerStatus.YES,
        evidence_issued_on=issued,
        # A typed expiry is ignored for fixed-validity evidence.
        evidence_expires_on=issued + datetime.timedelta(days=900),
    )
    assert answer.evidence_expires_on == issued + datetime.timedelta(days=90)
    assert answer.updated_by == owner


def test_answer_set_entered_expiry_is_kept(organisation, owner):
    issued = timezone.localdate() - datetime.timedelta(days=10)
    until = issued + datetime.timedelta(days=365)
    answer = answer_set(
        organisation=organisation,
        actor=owner,
        item_id="RD-08",
        status=AnswerStatus.YES,
        evidence_issued_on=issued,
        evidence_expires_on=until,
    )
    assert answer.evidence_expires_on == until


def test_answer_set_expiry_before_issue_is_rejected(organisation, owner):
    issued = timezone.localdate() - datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        answer_set(
            organisation=organisation,
            actor=owner,
            item_id="RD-08",
            status=AnswerStatus.YES,
            evidence_issued_on=issued,
            evidence_expires_on=issued - datetime.timedelta(days=1),
        )
    assert "evidence_expires_on" in error.value.message_dict
    assert not ReadinessAnswer.objects.exists()


def test_answer_set_not_applicable_only_for_items_that_may_be(organisation, owner):
    with pytest.raises(ValidationError) as error:
        answer_set(
            organisation=organisation,
            actor=owner,
            item_id="RD-02",
            status=AnswerStatus.NOT_APPLICABLE,
        )
    assert "status" in error.value.message_dict
    answer = answer_set(
        organisation=organisation,
        actor=owner,
        item_id="RD-15",
        status=AnswerStatus.NOT_APPLICABLE,
    )
    assert answer.status == AnswerStatus.NOT_APPLICABLE


def test_answer_set_unknown_item_is_rejected(organisation, owner):
    with pytest.raises(ValidationError):
        answer_set(organisation=organisation, actor=owner, item_id="RD-99", status="yes")


def test_answer_set_updates_the_same_row(organisation, owner):
    answer_set(organisation=organisation, actor=owner, item_id="RD-10", status=AnswerStatus.NO)
    answer_set(organisation=organisation, actor=owner, item_id="RD-10", status=AnswerStatus.YES)
    assert ReadinessAnswer.objects.get().status == AnswerStatus.YES


def test_profile_update_rejects_negative_amounts(organisation, owner):
    with pytest.raises(ValidationError) as error:
        profile_update(
            organisation=organisation,
            actor=owner,
            annual_turnover_sek=-1,
            turnover_year=2025,
            insurance_cover_sek=None,
            insurance_valid_until=None,
            processes_personal_data=False,
            delivers_digital_services=False,
            does_works=False,
        )
    assert "annual_turnover_sek" in error.value.message_dict


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("iso9001", "ISO 9001"),
        ("ISO-9001:2015", "ISO 9001"),
        ("SS-EN ISO 14001", "ISO 14001"),
        ("ISO/IEC 27001", "ISO 27001"),
        ("emas", "EMAS"),
        ("  Svanen  märkt ", "Svanen märkt"),
    ],
)
def test_standard_normalise(typed, normalised):
    assert standard_normalise(typed) == normalised


def test_certificate_add_normalises(organisation):
    certificate = certificate_add(
        organisation=organisation,
        standard="iso 9001:2015",
        certifying_body="DNV",
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
    )
    assert certificate.standard == "ISO 9001"


## Reminders


def _expiring_answer(organisation, owner, days):
    today = timezone.localdate()
    return answer_set(
        organisation=organisation,
        actor=owner,
        item_id="RD-08",
        status=AnswerStatus.YES,
        evidence_issued_on=today - datetime.timedelta(days=300),
        evidence_expires_on=today + datetime.timedelta(days=days),
    )


def test_reminders_sent_30_and_7_days_before_and_never_twice(organisation, owner, member):
    today = timezone.localdate()
    answer = _expiring_answer(organisation, owner, 30)
    assert readiness_reminders_send(today=today) == 1  # the admin only, not the member
    assert mail.outbox[0].to == [owner.email]
    assert readiness_reminders_send(today=today) == 0
    assert readiness_reminders_send(today=today + datetime.timedelta(days=5)) == 0
    seven_before = answer.evidence_expires_on - datetime.timedelta(days=7)
    assert readiness_reminders_send(today=seven_before) == 1
    assert readiness_reminders_send(today=seven_before) == 0
    assert sorted(ReminderSent.objects.values_list("days_before", flat=True)) == [7, 30]
    assert len(mail.outbox) == 2


def test_reminders_not_sent_earlier_than_30_days(organisation, owner):
    _expiring_answer(organisation, owner, 31)
    assert readiness_reminders_send(today=timezone.localdate()) == 0
    assert mail.outbox == []


def test_reminders_new_expiry_date_is_announced_again(organisation, owner):
    today = timezone.localdate()
    _expiring_answer(organisation, owner, 30)
    assert readiness_reminders_send(today=today) == 1
    _expiring_answer(organisation, owner, 29)  # renewed evidence with another date
    assert readiness_reminders_send(today=today) == 1


def test_reminders_in_the_recipients_language(organisation):
    english = UserFactory(language="en")
    swedish = UserFactory(language="sv")
    for user in (english, swedish):
        MembershipFactory(organisation=organisation, user=user, role=MembershipRole.ADMIN)
    _expiring_answer(organisation, english, 7)
    assert readiness_reminders_send(today=timezone.localdate()) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    with translation.override("en"):
        english_subject = translation.gettext("Evidence for %(company)s expires soon") % {
            "company": organisation.name
        }
    with translation.override("sv"):
        swedish_subject = translation.gettext("Evidence for %(company)s expires soon") % {
            "company": organisation.name
        }
    assert by_recipient[english.email].subject == english_subject
    assert by_recipient[swedish.email].subject == swedish_subject
    assert "RD-08" in by_recipient[english.email].body


def test_reminders_cover_certificates_and_insurance(organisation, owner):
    today = timezone.localdate()
    profile = ReadinessProfileFactory(
        organisation=organisation,
        insurance_cover_sek=5_000_000,
        insurance_valid_until=today + datetime.timedelta(days=7),
    )
    CertificateFactory(profile=profile, valid_until=today + datetime.timedelta(days=30))
    assert readiness_reminders_send(today=today) == 1
    subjects = set(ReminderSent.objects.values_list("subject", flat=True))
    assert "insurance" in subjects
    assert any(subject.startswith("certificate:") for subject in subjects)


def test_command_and_task_send_due_reminders(organisation, owner):
    from io import StringIO

    from django.core.management import call_command

    from arena.readiness.tasks import readiness_reminders_send_task

    _expiring_answer(organisation, owner, 7)
    out = StringIO()
    call_command("send_readiness_reminders", stdout=out)
    assert out.getvalue().strip() == "1 e-mails sent"
    result = readiness_reminders_send_task.enqueue()
    assert result.return_value == 0  # already announced


def test_reminders_line_break_in_company_name_gives_a_valid_subject(owner):
    organisation = owner.memberships.get().organisation
    organisation.name = "Solgläntan\r\nEnergi\tAB "
    organisation.save()
    _expiring_answer(organisation, owner, 7)
    assert readiness_reminders_send(today=timezone.localdate()) == 1
    [message] = mail.outbox
    assert "Solgläntan Energi AB" in message.subject
    assert "\n" not in message.subject
    assert ReminderSent.objects.filter(organisation=organisation, days_before=7).exists()


def test_reminders_failing_recipient_does_not_stop_the_others(organisation, owner, caplog):
    today = timezone.localdate()
    # A broken address (a line break in a header) makes the mail library refuse that message.
    broken = UserFactory(email="broken\n@example.se")
    MembershipFactory(organisation=organisation, user=broken, role=MembershipRole.ADMIN)
    _expiring_answer(organisation, owner, 7)
    # A second company whose only administrator cannot be mailed, handled before the third.
    unreachable = MembershipFactory(
        role=MembershipRole.ADMIN, user=UserFactory(email="x\r\n@example.se")
    ).organisation
    answer_set(organisation=unreachable, actor=None, item_id="RD-08", status=AnswerStatus.YES,
               evidence_issued_on=today - datetime.timedelta(days=300),
               evidence_expires_on=today + datetime.timedelta(days=7))  # fmt: skip
    third = MembershipFactory(role=MembershipRole.ADMIN).organisation
    CertificateFactory(
        profile=ReadinessProfileFactory(organisation=third),
        valid_until=today + datetime.timedelta(days=30),
    )

    assert readiness_reminders_send(today=today) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [owner.email, third.memberships.get().user.email]
    )
    assert "Readiness reminder to user" in caplog.text
    # Recorded where someone was told; the unreachable company is tried again next run.
    assert set(ReminderSent.objects.values_list("organisation_id", flat=True)) == {
        organisation.pk,
        third.pk,
    }
    assert readiness_reminders_send(today=today) == 0
    assert len(mail.outbox) == 2


def test_profile_update_amount_too_large_is_refused(organisation, owner):
    with pytest.raises(ValidationError) as error:
        profile_update(organisation=organisation, actor=owner, annual_turnover_sek=10**30,
                       turnover_year=None, insurance_cover_sek=MAX_AMOUNT_SEK + 1,
                       insurance_valid_until=None, processes_personal_data=False,
                       delivers_digital_services=False, does_works=False)  # fmt: skip
    assert set(error.value.message_dict) == {"annual_turnover_sek", "insurance_cover_sek"}
    assert not ReadinessProfile.objects.exists()


def test_profile_model_amount_too_large_fails_validation(organisation):
    profile = ReadinessProfile(organisation=organisation, annual_turnover_sek=MAX_AMOUNT_SEK + 1,
                               insurance_cover_sek=MAX_AMOUNT_SEK + 1)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert set(error.value.message_dict) == {"annual_turnover_sek", "insurance_cover_sek"}


def test_answer_set_evidence_reference_too_long_is_refused(organisation, owner):
    with pytest.raises(ValidationError) as error:
        answer_set(organisation=organisation, actor=owner, item_id="RD-08",
                   status=AnswerStatus.YES, evidence_reference="x" * 501)  # fmt: skip
    assert "evidence_reference" in error.value.message_dict
    assert not ReadinessAnswer.objects.exists()


def test_import_apply_amount_too_large_is_refused(organisation, owner):
    from arena.readiness.espd import ImportResult

    with pytest.raises(ValidationError):
        espd_import_apply(
            organisation=organisation, actor=owner, result=ImportResult(insurance_sek=10**30)
        )
    assert not ReadinessProfile.objects.exists()
