"""The review pages: the queue, one candidate side by side, and undoing a decision.

A reviewer works from the keyboard: the candidate page's form puts the likely action first, so
Enter in the reason field takes it, and each button has an access key; after a decision the
next candidate opens.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from izdeu.accounts.access import roles
from izdeu.accounts.models import Role, User
from izdeu.accounts.visibility import candidates, people
from izdeu.audit.log import record_read
from izdeu.review import decisions
from izdeu.review.forms import CONFIRM, DecisionForm
from izdeu.review.models import Candidate, Decision, ReviewDecision
from izdeu.review.queue import next_for, waiting
from izdeu.review.sidebyside import shown_reasons, side_by_side

PER_PAGE = 50
# A candidate at or above this probability is more likely the person than not: confirming comes first.
LIKELY = 0.5
REQUEST_FIELDS = ("full_name", "surname", "given_name", "patronymic", "birth_date", "birth_year", "age_min",
                  "age_max", "sex", "iin", "last_seen_place", "is_minor", "health_needs")  # fmt: skip
ENTRY_FIELDS = ("full_name", "surname", "given_name", "patronymic", "birth_date", "birth_year", "age_min", "age_max",
                "sex", "iin", "place_text", "facility")  # fmt: skip


def _undoable(user: User) -> list[ReviewDecision]:
    """Recent decisions the user may still take back: their own, or for a coordinator anyone's."""
    since = timezone.now() - decisions.UNDO_WINDOW
    recent = ReviewDecision.objects.filter(candidate__in=candidates(user), decided_at__gte=since, undone_at__isnull=True)
    if not user.has_role(Role.COORDINATOR):
        recent = recent.filter(reviewer=user)
    recent = recent.select_related("candidate__search_request", "reviewer")[:10]
    return [decision for decision in recent if decisions.can_undo(decision, user)]


@roles(Role.LAWYER, Role.COORDINATOR)
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(waiting(request.user), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [{
        "candidate": candidate,
        "hours": None if candidate.has_news else int((now - candidate.search_request.created_at).total_seconds() // 3600),
        "death": decisions.says_died(candidate.entry),
    } for candidate in page]  # fmt: skip
    undoable = _undoable(request.user)
    response = render(request, "review/queue.html", {"page": page, "rows": rows, "undoable": undoable})
    shown = list(page)
    record_read(request, [*shown, *(c.search_request for c in shown), *(c.entry for c in shown),
                          *(d.candidate.search_request for d in undoable)],
                fields=("full_name", "is_minor", "health_needs", "probability"))  # fmt: skip
    return response


@roles(Role.LAWYER, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def candidate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    found = candidates(request.user).filter(search_request__isnull=False).select_related(
        "search_request__case__person", "entry__source__facility", "entry__facility", "decided_by"
    )
    candidate = get_object_or_404(found, pk=candidate_id)
    form = DecisionForm(request.POST or None)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            made = _decide(candidate, request.user, form.cleaned_data)
        except decisions.DecisionRefused as error:
            refused = str(error)
        else:
            messages.success(request, _said(made))
            following = next_for(request.user, after=candidate)
            return redirect("review:candidate", following.pk) if following else redirect("review:queue")
    response = render(request, "review/candidate.html", _context(request, candidate, form, refused),
                      status=400 if request.method == "POST" else 200)  # fmt: skip
    record_read(request, [candidate, candidate.search_request, candidate.entry], fields=REQUEST_FIELDS + ENTRY_FIELDS)
    return response


def _decide(candidate: Candidate, user: User, data: dict) -> ReviewDecision:
    if data["action"] == CONFIRM:
        return decisions.confirm(candidate, user, data["reason"])
    return decisions.reject(candidate, user, data["reason"])


def _said(made: ReviewDecision) -> str:
    if made.awaits_second:
        return _("Your confirmation of a death is recorded. It takes effect when another lawyer confirms it too.")
    if made.decision == Decision.CONFIRMED:
        return _("Confirmed: the event is on the person's timeline and the family's news is on its way.")
    return _("Rejected, with your reason.")


def _context(request: HttpRequest, candidate: Candidate, form: DecisionForm, refused: str) -> dict:
    user = request.user
    search_request, entry = candidate.search_request, candidate.entry
    death = decisions.says_died(entry)
    pending = decisions.pending_death_confirmation(candidate) if death else None
    history = list(candidate.decisions.select_related("reviewer", "undone_by"))
    return {
        "candidate": candidate, "request_": search_request, "entry": entry, "source": entry.source,
        "facility": entry.facility or entry.source.facility,
        "rows": side_by_side(search_request, entry, candidate.reasons),
        "reasons": shown_reasons(candidate.reasons),
        "form": form, "refused": refused, "likely_confirm": candidate.probability >= LIKELY,
        "proposed": candidate.decision == Decision.PROPOSED,
        "death": death, "pending": pending, "my_pending": pending is not None and pending.reviewer_id == user.pk,
        "history": [{"decision": d, "undo": decisions.can_undo(d, user)} for d in history],
        "person_visible": people(user).filter(pk=search_request.case.person_id).exists(),
        "undoable": [d for d in _undoable(user) if d.candidate_id != candidate.pk],
    }  # fmt: skip


@roles(Role.LAWYER, Role.COORDINATOR)
@require_POST
def undo(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        ReviewDecision.objects.filter(candidate__in=candidates(request.user)).select_related("candidate"), pk=decision_id
    )
    try:
        decisions.undo(decision, request.user)
    except decisions.DecisionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Undone: the candidate is waiting for review again."))
    return redirect("review:candidate", decision.candidate_id)

