"""System checks: the organisation named to receive the public's requests must exist.

Leaving IZDEU_PUBLIC_ORGANISATION empty is a choice (an organisation that takes requests only by
phone): the form then says it is closed, and nothing is reported.
"""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError


@register()
def check_public_organisation(app_configs, **kwargs):
    from izdeu.accounts.models import Organisation

    name = settings.PUBLIC_ORGANISATION
    if not name:
        return []
    try:
        exists = Organisation.objects.filter(name=name).exists()
    except DatabaseError:  # not migrated yet, or unreachable: other checks and the start say so
        return []
    if exists:
        return []
    return [
        Warning(
            f"IZDEU_PUBLIC_ORGANISATION names no organisation ({name!r}): the public request form is closed.",
            hint="Create it (izdeu createuser --organisation …) or correct the name.",
            id="searches.W001",
        )
    ]
