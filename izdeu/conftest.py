"""Fixtures shared by every app's tests: an organisation and one account per role."""

import os
from pathlib import Path

import pytest
from django.utils import translation

from izdeu.accounts.models import Organisation, Role, User
from izdeu.accounts.testing import SignedInClient
from izdeu.audit.testing import install_append_only, remove_append_only

PASSWORD = "Жаңа-құпия-сөз-2022"


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings, tmp_path_factory):
    # Pages are rendered without running collectstatic first, from an empty static root.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.STATIC_ROOT = tmp_path_factory.getbasetemp() / "static"
    settings.STATIC_ROOT.mkdir(exist_ok=True)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # Commands and code outside a request speak the active language; pages choose theirs from
    # the address. Tests read English unless they ask for another language.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    # Still Argon2id, at a cost that lets tests create hundreds of accounts quickly.
    settings.PASSWORD_HASHERS = ["izdeu.accounts.testing.QuickArgon2PasswordHasher"]


def _uses_database(request) -> tuple[bool, bool]:
    """(uses the database, commits for real) for the test being set up."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(names & {"transactional_db", "live_server"}) or bool(
        marker and marker.kwargs.get("transaction")
    )
    return transactional or bool(marker) or "db" in names, transactional


@pytest.fixture(autouse=True)
def _append_only_audit_log(request):
    """Every test meets the audit log's triggers; tests that commit have them lifted afterwards
    so that their rows can be cleared (izdeu/audit/testing.py)."""
    uses_database, transactional = _uses_database(request)
    if not uses_database:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    install_append_only()
    yield
    if transactional:
        remove_append_only()


@pytest.fixture
def client() -> SignedInClient:
    """pytest-django's client, whose force_login also passes the second factor."""
    return SignedInClient()


@pytest.fixture(autouse=True)
def _uploads_in_a_scratch_folder(settings, tmp_path):
    # Uploads (encrypted, izdeu/encryption/storage.py) never land in the developer's var/.
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _background_work_at_once(settings, tmp_path):
    """Queued work (list loads, and later matching and notifications) runs as it is queued, and
    progress goes to a scratch folder; tests of the worker itself put the database queue back."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    progress = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path / "progress"}
    settings.CACHES = {**settings.CACHES, "progress": progress}


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(name="Almaty Legal Aid Network")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return Organisation.objects.create(name="Шымкент құқық қорғау тобы")


def make_user(organisation: Organisation, role: str, username: str | None = None) -> User:
    return User.objects.create_user(
        username=username or f"{role}-aigerim",
        password=PASSWORD,
        role=role,
        organisation=organisation,
    )


@pytest.fixture
def volunteer(organisation) -> User:
    return make_user(organisation, Role.VOLUNTEER)


@pytest.fixture
def lawyer(organisation) -> User:
    return make_user(organisation, Role.LAWYER)


@pytest.fixture
def coordinator(organisation) -> User:
    return make_user(organisation, Role.COORDINATOR)


@pytest.fixture
def administrator(organisation) -> User:
    return make_user(organisation, Role.ADMINISTRATOR)


@pytest.fixture
def users_by_role(volunteer, lawyer, coordinator, administrator) -> dict[str, User]:
    return {user.role: user for user in (volunteer, lawyer, coordinator, administrator)}


@pytest.fixture
def factory(organisation, volunteer):
    from izdeu.tests.factory import Factory

    return Factory(organisation, volunteer)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        message = "browser tests need Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which Django takes for
    # an async context; the test code itself is plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server, phone-sized; ``page.errors`` collects console errors
    (a blocked inline script or style shows up there as a Content-Security-Policy violation)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    yield tab
    context.close()
