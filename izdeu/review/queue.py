"""The review queue: candidates waiting for a person, the people most at risk first.

Order: the case's priority, then minors, then injuries or health needs, then requests with no
confirmed news, the longest waiting first, and only then the engine's probability.
"""

from django.db.models import BooleanField, Case, Exists, OuterRef, QuerySet, Value, When

from izdeu.accounts.models import User
from izdeu.accounts.visibility import candidates
from izdeu.people.models import Event
from izdeu.review.models import Candidate, Decision, ReviewDecision


def waiting(user: User) -> QuerySet[Candidate]:
    news = Event.objects.standing().filter(person_id=OuterRef("search_request__case__person_id"))
    first_of_two = ReviewDecision.objects.filter(candidate=OuterRef("pk"), awaits_second=True, undone_at__isnull=True)
    return (
        candidates(user)
        # Pairs of list entries (one person on two lists) are not a family's question.
        .filter(decision=Decision.PROPOSED, search_request__isnull=False)
        .annotate(
            has_news=Exists(news),
            # The field is encrypted: only whether it is empty can be asked of the database.
            has_health_needs=Case(When(search_request__health_needs="", then=Value(False)), default=Value(True),
                                  output_field=BooleanField()),
            awaits_second=Exists(first_of_two),
        )  # fmt: skip
        .select_related("search_request__case", "entry__source__facility", "entry__facility")
        .order_by(
            "search_request__case__priority", "-search_request__is_minor", "-has_health_needs", "has_news",
            "search_request__created_at", "-probability", "pk",
        )  # fmt: skip
    )


def next_for(user: User, after: Candidate | None = None) -> Candidate | None:
    """The next candidate this user can decide: not the one just seen, nor a death they confirmed first."""
    mine_to_second = ReviewDecision.objects.filter(
        candidate=OuterRef("pk"), awaits_second=True, undone_at__isnull=True, reviewer=user
    )
    queue = waiting(user).exclude(Exists(mine_to_second))
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.first()
