"""Checking the audit log's hash chain, entry by entry, in batches so memory stays bounded."""

from dataclasses import dataclass
from enum import StrEnum

from izdeu.audit.models import GENESIS_HASH, AuditEntry, ChainHead


class Problem(StrEnum):
    ALTERED = "altered"  # the entry's content no longer matches its hash
    MISSING = "missing"  # a number is skipped: an entry was removed
    REORDERED = "reordered"  # intact itself, but not linked to the entry before it
    TRUNCATED = "truncated"  # the chain head names entries past the last one
    HEAD_MISMATCH = "head_mismatch"  # the chain head and the last entry disagree


@dataclass(frozen=True)
class Break:
    sequence: int
    problem: Problem
    found: int | None = None  # the number found instead (missing), or the head's (truncated)


@dataclass(frozen=True)
class Verdict:
    entries: int
    last_hash: str
    broken: Break | None


def verify(batch_size: int = 2000) -> Verdict:
    expected, previous_hash, count = 1, GENESIS_HASH, 0
    while True:
        batch = list(AuditEntry.objects.filter(sequence__gte=expected).order_by("sequence")[:batch_size])
        for entry in batch:
            broken = _check(entry, expected, previous_hash)
            if broken:
                return Verdict(count, previous_hash, broken)
            expected, previous_hash, count = expected + 1, entry.hash, count + 1
        if len(batch) < batch_size:
            break
    return Verdict(count, previous_hash, _check_head(expected - 1, previous_hash))


def _check(entry: AuditEntry, expected: int, previous_hash: str) -> Break | None:
    if entry.sequence != expected:
        return Break(expected, Problem.MISSING, found=entry.sequence)
    if entry.compute_hash() != entry.hash:
        return Break(entry.sequence, Problem.ALTERED)
    if entry.prev_hash != previous_hash:
        return Break(entry.sequence, Problem.REORDERED)
    return None


def _check_head(last: int, last_hash: str) -> Break | None:
    """Cutting entries off the end leaves an intact chain; the head still remembers them."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return None if last == 0 else Break(last + 1, Problem.HEAD_MISMATCH)
    if head.sequence > last:
        return Break(last + 1, Problem.TRUNCATED, found=head.sequence)
    if (head.sequence, head.hash) != (last, last_hash):
        return Break(head.sequence, Problem.HEAD_MISMATCH)
    return None
