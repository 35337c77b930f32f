from django.tasks import task

from izdeu.audit.log import acting_as
from izdeu.audit.retention import purge


@task()
def purge_expired() -> dict[str, int]:
    """Erase what is past its retention period; returns records erased per rule.

    The worker runs queued tasks but schedules none: a daily timer runs `izdeu purge`, or
    enqueues this task (README, "Retention").
    """
    with acting_as("task:purge"):
        return dict(purge().erased)
