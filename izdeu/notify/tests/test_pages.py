"""The coordinators' outbox page, their decisions, and the follow-ups a person must do."""

import pytest
from django.utils import timezone

from izdeu.audit.models import AuditEntry
from izdeu.cases.models import FollowUp, FollowUpKind, Priority
from izdeu.conftest import make_user
from izdeu.notify.models import Message, MessageChannel, MessageKind, MessageState
from izdeu.searches.models import Channel

pytestmark = pytest.mark.django_db


def outbox_row(search_request, state, **fields):
    values = {
        "organisation": search_request.requester.organisation,
        "search_request": search_request,
        "requester": search_request.requester,
        "kind": MessageKind.RECEIVED,
        "channel": MessageChannel.EMAIL,
        "language": search_request.requester.language,
        "state": state,
    } | fields
    return Message.objects.create(**values)


class TestOutboxPage:
    def test_a_coordinator_sees_what_needs_a_decision_and_no_contact_details(self, client, coordinator, request_by_mother):
        outbox_row(request_by_mother, MessageState.FAILED, attempts=6, last_error="http_502")
        outbox_row(request_by_mother, MessageState.UNCERTAIN, attempts=1, last_error="timeout", channel=MessageChannel.SMS)
        outbox_row(request_by_mother, MessageState.SENT, sent_at=timezone.now(), channel=MessageChannel.TELEGRAM)
        client.force_login(coordinator)

        page = client.get("/en/messages/").content.decode()

        assert page.count(request_by_mother.reference_code) == 2  # the sent message is not shown
        assert "The gateway answered with an error (http_502)." in page
        assert "The gateway did not answer in time: the message may have arrived." in page
        assert "Try again" in page and "Mark as sent" in page and "Send again" in page
        for private in ("gulnar.zagiparova@mail.kz", "+77015550142", "Гүлнар", "Zagghiparov", "We have received"):
            assert private not in page

    def test_the_page_speaks_kazakh(self, client, coordinator, request_by_mother):
        outbox_row(request_by_mother, MessageState.WAITING, last_error="channel_off")
        client.force_login(coordinator)

        page = client.get("/kk/messages/").content.decode()

        assert "Өтініш берушілерге хабарламалар" in page
        assert "Бұл арна әлі бапталмаған: хабарлама ол бапталғанша күтеді." in page

    def test_another_organisations_messages_are_not_shown(self, client, other_organisation, factory, request_by_mother):
        outbox_row(request_by_mother, MessageState.FAILED)
        client.force_login(make_user(other_organisation, "coordinator", "coordinator-dauren"))

        page = client.get("/en/messages/").content.decode()

        assert request_by_mother.reference_code not in page

    @pytest.mark.parametrize("role", ["volunteer", "lawyer", "administrator"])
    def test_only_coordinators_open_the_outbox(self, client, users_by_role, role):
        client.force_login(users_by_role[role])

        assert client.get("/en/messages/").status_code == 403

    def test_what_was_shown_is_in_the_audit_log(self, client, coordinator, request_by_mother):
        outbox_row(request_by_mother, MessageState.FAILED)
        client.force_login(coordinator)

        client.get("/en/messages/")

        assert AuditEntry.objects.filter(action="read", object_type="searches.searchrequest", user_id=coordinator.pk).exists()


class TestDecisions:
    def test_a_failed_message_is_tried_again_and_the_decision_audited(
        self, client, coordinator, factory, sms_gateway, django_capture_on_commit_callbacks
    ):
        search_request = factory.search_request(requester=factory.requester(preferred_channel=Channel.SMS))
        message = outbox_row(search_request, MessageState.FAILED, channel=MessageChannel.SMS, attempts=6, last_error="http_502")
        client.force_login(coordinator)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/en/messages/{message.pk}/retry/")

        assert response.status_code == 302
        message.refresh_from_db()
        assert (message.state, message.attempts) == (MessageState.SENT, 1)
        assert len(sms_gateway.received) == 1
        entry = AuditEntry.objects.get(action="update", object_type="notify.message", user_id=coordinator.pk)
        assert (entry.object_ids, entry.detail) == ([str(message.pk)], "decision=retry")

    def test_an_uncertain_message_the_requester_confirmed_is_marked_sent_without_sending(
        self, client, coordinator, request_by_mother, sms_gateway
    ):
        message = outbox_row(request_by_mother, MessageState.UNCERTAIN, attempts=1, claimed_at=timezone.now())
        client.force_login(coordinator)

        client.post(f"/en/messages/{message.pk}/mark_sent/")

        message.refresh_from_db()
        assert message.state == MessageState.SENT and message.sent_at == message.claimed_at
        assert sms_gateway.received == []
        assert AuditEntry.objects.filter(object_type="notify.message", detail="decision=mark_sent").exists()

    def test_a_decision_for_a_message_in_another_state_changes_nothing(self, client, coordinator, request_by_mother):
        message = outbox_row(request_by_mother, MessageState.FAILED)
        client.force_login(coordinator)

        client.post(f"/en/messages/{message.pk}/mark_sent/")

        message.refresh_from_db()
        assert message.state == MessageState.FAILED
        assert not AuditEntry.objects.filter(object_type="notify.message").exists()

    def test_a_coordinator_cannot_decide_for_another_organisation(self, client, other_organisation, request_by_mother):
        message = outbox_row(request_by_mother, MessageState.FAILED)
        client.force_login(make_user(other_organisation, "coordinator", "coordinator-dauren"))

        assert client.post(f"/en/messages/{message.pk}/retry/").status_code == 404
        assert Message.objects.get().state == MessageState.FAILED

    def test_decisions_are_posted_not_linked(self, client, coordinator, request_by_mother):
        message = outbox_row(request_by_mother, MessageState.FAILED)
        client.force_login(coordinator)

        assert client.get(f"/en/messages/{message.pk}/retry/").status_code == 405


class TestFollowUps:
    @pytest.fixture
    def death_to_tell(self, events, request_by_mother):
        return FollowUp.objects.create(
            case=request_by_mother.case,
            event=events.confirm(request_by_mother.case, "died"),
            kind=FollowUpKind.TELL_DEATH,
            priority=Priority.URGENT,
        )

    def test_any_lawyer_sees_a_death_to_tell_while_the_case_has_no_lawyer(self, client, lawyer, death_to_tell):
        client.force_login(lawyer)

        page = client.get("/ru/messages/follow-ups/").content.decode()

        assert "Лично сообщить семье о смерти" in page
        assert "для любого адвоката организации: у дела пока нет адвоката" in page

    def test_once_the_case_has_a_lawyer_it_is_theirs(self, client, organisation, lawyer, death_to_tell):
        colleague = make_user(organisation, "lawyer", "lawyer-saule")
        death_to_tell.case.assigned_lawyer = colleague
        death_to_tell.case.save()
        client.force_login(lawyer)

        assert "Лично сообщить семье о смерти" not in client.get("/ru/messages/follow-ups/").content.decode()

    def test_the_coordinators_outbox_page_lists_open_follow_ups_first_the_urgent(self, client, coordinator, death_to_tell):
        client.force_login(coordinator)

        page = client.get("/en/messages/").content.decode()

        assert "Urgent" in page and "Tell the family of a death, in person" in page

    def test_marking_a_follow_up_done_says_who_and_when(self, client, lawyer, death_to_tell):
        client.force_login(lawyer)

        client.post(f"/en/messages/follow-ups/{death_to_tell.pk}/done/")

        death_to_tell.refresh_from_db()
        assert death_to_tell.done_by == lawyer and death_to_tell.done_at is not None
        assert "Tell the family" not in client.get("/en/messages/follow-ups/").content.decode()

    def test_a_volunteer_sees_call_backs_for_requests_they_took_by_phone(self, client, factory, volunteer, events):
        from izdeu.searches.models import IntakeChannel

        taken = factory.search_request(
            requester=factory.requester(preferred_channel=Channel.PHONE_CALL), channel=IntakeChannel.PHONE, entered_by=volunteer
        )
        FollowUp.objects.create(case=taken.case, search_request=taken, kind=FollowUpKind.CALL_BACK, news=MessageKind.LOCATED)
        client.force_login(volunteer)

        page = client.get("/en/messages/follow-ups/").content.decode()

        assert "Call the requester back" in page and taken.reference_code in page and "Located" in page
