"""System checks: `izdeu check` for every start, `izdeu check --deploy` before going live."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from izdeu.keys import data_key


@register()
def check_data_key(app_configs, **kwargs):
    try:
        data_key()
    except ValueError as problem:
        return [
            Error(
                f"IZDEU_DATA_KEY is unusable: {problem}.",
                hint="Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'",
                id="izdeu.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    problems = []
    if settings.DATA_KEY_IS_LOCAL:
        problems.append(
            Error(
                "The data key was generated beside the database.",
                hint="Set IZDEU_DATA_KEY_FILE to a key on another volume, so that a copy of the data "
                "folder alone cannot be read (README, Deployment).",
                id="izdeu.E002",
            )
        )
    if not settings.HTTPS:
        problems.append(
            Error(
                "IZDEU_HTTPS is not True.",
                hint="Serve izdeu only over HTTPS, through a reverse proxy that terminates TLS.",
                id="izdeu.E003",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Warning(
                "The database is SQLite.",
                hint="SQLite suits one laptop; an organisation's server should use PostgreSQL (DATABASE_URL).",
                id="izdeu.W001",
            )
        )
    return problems + _demo_world_problems()


def _demo_world_problems():
    from izdeu.demo.models import DemoWorld

    try:
        loaded = DemoWorld.objects.exists()
    except DatabaseError:  # not migrated yet: nothing can be loaded either
        return []
    if not loaded:
        return []
    return [
        Error(
            "This database holds the fictional demo world and its demo accounts with published passwords.",
            hint="Use a fresh database for real work.",
            id="izdeu.E004",
        )
    ]
