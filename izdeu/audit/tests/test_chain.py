import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from izdeu.audit.chain import Problem, verify
from izdeu.audit.log import AuditAction, record
from izdeu.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_entries(coordinator, lawyer) -> list[AuditEntry]:
    return [
        record(coordinator, AuditAction.SIGN_IN, "accounts.user", [coordinator.pk]),
        record(lawyer, AuditAction.READ, "people.person", [12, 15, 19], fields=["full_name"]),
        record(lawyer, AuditAction.READ, "searches.requester", [4], fields=["phone"]),
        record(coordinator, AuditAction.EXPORT, "cases.case", [], detail="count=40"),
        record("task:purge", AuditAction.PURGE, detail="erased=3 refused=0"),
    ]


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_change_an_entry(five_entries):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("UPDATE audit_auditentry SET detail = %s WHERE sequence = %s", ["count=0", 2])
    assert AuditEntry.objects.get(sequence=2).detail == ""


def test_the_database_refuses_to_delete_an_entry(five_entries):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE sequence = %s", [3])
    assert AuditEntry.objects.count() == 5


def test_an_intact_chain_passes(five_entries, capsys):
    verdict = verify(batch_size=2)
    assert (verdict.entries, verdict.last_hash, verdict.broken) == (5, five_entries[-1].hash, None)
    call_command("audit", "verify", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "5" in out and five_entries[-1].hash in out


def test_an_empty_log_is_intact(db):
    assert verify().broken is None


def test_an_altered_entry_is_named_by_its_number(five_entries, triggers_dropped):
    raw("UPDATE audit_auditentry SET object_ids = %s WHERE sequence = %s", ['["12", "15"]', 2])
    broken = verify(batch_size=2).broken
    assert (broken.sequence, broken.problem) == (2, Problem.ALTERED)
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    assert refused.value.returncode == 1 and "#2" in str(refused.value)


def test_a_removed_entry_is_reported_as_a_gap(five_entries, triggers_dropped):
    raw("DELETE FROM audit_auditentry WHERE sequence = %s", [3])
    broken = verify(batch_size=2).broken
    assert (broken.sequence, broken.problem, broken.found) == (3, Problem.MISSING, 4)


def test_an_entry_rewritten_with_a_fresh_hash_breaks_the_next_link(five_entries, triggers_dropped):
    forged = AuditEntry.objects.get(sequence=3)
    forged.object_ids = ["5"]
    raw("UPDATE audit_auditentry SET object_ids = %s, hash = %s WHERE sequence = %s", ['["5"]', forged.compute_hash(), 3])
    broken = verify().broken
    assert (broken.sequence, broken.problem) == (4, Problem.REORDERED)


def test_entries_cut_from_the_end_are_noticed(five_entries, triggers_dropped):
    raw("DELETE FROM audit_auditentry WHERE sequence >= %s", [4])
    broken = verify().broken
    assert (broken.sequence, broken.problem, broken.found) == (4, Problem.TRUNCATED, 5)
    with pytest.raises(CommandError) as refused:
        call_command("audit", "verify")
    assert "#4" in str(refused.value) and refused.value.returncode == 1


def test_the_chain_goes_on_after_a_break_is_found_and_stays_broken(five_entries, triggers_dropped, coordinator):
    raw("DELETE FROM audit_auditentry WHERE sequence = %s", [2])
    record(coordinator, AuditAction.SIGN_OUT, "accounts.user", [coordinator.pk])
    assert AuditEntry.objects.order_by("-sequence").first().sequence == 6
    assert verify().broken.sequence == 2
