"""Headers and limits that protect every page, checked on real responses."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATE_FILES = sorted(Path(settings.BASE_DIR).glob("**/templates/**/*.html"))


def test_pages_allow_only_izdeus_own_scripts_styles_and_images(client, db):
    policy = client.get("/en/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    for kind in ("script-src", "style-src", "img-src", "connect-src", "font-src"):
        assert directives[kind] == "'self'", kind
    assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"


def test_no_template_has_inline_script_style_or_event_handler():
    assert TEMPLATE_FILES
    for path in TEMPLATE_FILES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"<style\b|\sstyle=", text) or path.name == "500.html", path
        assert not re.search(r"\son[a-z]+=", text), path


def test_pages_are_never_cached_and_cannot_be_framed(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/en/overview/")
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_body_over_the_upload_limit_is_refused_in_the_users_language(client, db, settings):
    settings.MAX_UPLOAD_MB = 1
    response = client.post(
        "/ru/accounts/sign-in/", data=b"x" * (1024 * 1024 + 1), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "Файл слишком большой" in response.content.decode()


def test_a_chunked_upload_that_grows_past_the_limit_is_stopped(settings):
    from django.core.exceptions import RequestDataTooBig

    from izdeu.web.uploads import SizeLimitedUploadHandler

    settings.MAX_UPLOAD_MB = 1
    handler = SizeLimitedUploadHandler()
    handler.handle_raw_input(None, {}, None, b"boundary")
    handler.receive_data_chunk(b"\0" * 1024 * 1024, 0)
    with pytest.raises(RequestDataTooBig):
        handler.receive_data_chunk(b"\0", 1024 * 1024)


def test_over_https_cookies_are_host_only_secure_and_hidden_from_scripts(tmp_path):
    env = {**os.environ, "IZDEU_HTTPS": "True", "IZDEU_DATA_DIR": str(tmp_path)}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_NAME, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "izdeu.settings"},
        capture_output=True, text=True, check=True,
    )
    names_and_flags = result.stdout.split()
    assert names_and_flags[:3] == ["__Host-izdeu-session", "__Host-izdeu-csrf", "__Host-izdeu-language"]
    assert names_and_flags[3:6] == ["True", "True", "True"]
    assert int(names_and_flags[6]) >= 31536000
