"""`izdeu check --deploy` stops an unsafe production setup before it goes live."""

import base64
import os
import secrets
import subprocess
import sys

from django.core.checks import run_checks

from izdeu.web.checks import check_data_key, check_production_settings


def ids(problems):
    return {problem.id for problem in problems}


def test_a_well_formed_data_key_passes(settings):
    settings.DATA_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
    assert check_data_key(None) == []


def test_a_data_key_of_the_wrong_length_is_an_error(settings):
    settings.DATA_KEY = base64.urlsafe_b64encode(b"short").decode()
    assert ids(check_data_key(None)) == {"izdeu.E001"}


def test_production_needs_an_outside_key_and_https(settings, db):
    settings.DATA_KEY_IS_LOCAL = True
    settings.HTTPS = False
    assert {"izdeu.E002", "izdeu.E003"} <= ids(check_production_settings(None))


def test_the_documented_production_settings_pass(settings, db):
    settings.DATA_KEY_IS_LOCAL = False
    settings.HTTPS = True
    settings.DATABASES = {**settings.DATABASES}
    settings.DATABASES["default"] = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"}
    assert check_production_settings(None) == []


def test_a_demo_world_on_a_production_server_is_an_error(settings, db):
    from izdeu.demo.models import DemoWorld

    DemoWorld.objects.create(seed=2022, scale=0.01, counts={})
    assert "izdeu.E004" in ids(check_production_settings(None))


def test_a_fresh_laptop_install_passes_the_ordinary_checks(db):
    assert [p for p in run_checks() if p.is_serious()] == []


def test_izdeu_check_deploy_passes_with_the_production_settings_in_the_readme(tmp_path):
    """The settings of README's Deployment section, given to a real `izdeu check --deploy`."""
    keys = tmp_path / "keys-volume"
    keys.mkdir()
    (keys / "data_key").write_text(secrets.token_urlsafe(32))
    (keys / "secret_key").write_text(secrets.token_urlsafe(50))
    env = {
        "PATH": os.environ["PATH"],
        "IZDEU_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": "postgres://izdeu@127.0.0.1:5432/izdeu",
        "IZDEU_HTTPS": "True",
        "IZDEU_ALLOWED_HOSTS": "izdeu.example.org",
        "IZDEU_CSRF_TRUSTED_ORIGINS": "https://izdeu.example.org",
        "IZDEU_DATA_KEY_FILE": str(keys / "data_key"),
        "IZDEU_SECRET_KEY_FILE": str(keys / "secret_key"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "izdeu", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data" / "keys").exists(), "no key may be generated beside the data"
