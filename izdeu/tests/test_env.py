import pytest
from django.core.exceptions import ImproperlyConfigured

from izdeu.env import envbool, envint, envlist, envsecret, secret_from_local_file


def test_booleans_are_spelled_out(monkeypatch):
    monkeypatch.setenv("IZDEU_TEST_FLAG", "True")
    assert envbool("IZDEU_TEST_FLAG", False, "") is True
    monkeypatch.setenv("IZDEU_TEST_FLAG", "yes")
    with pytest.raises(ImproperlyConfigured):
        envbool("IZDEU_TEST_FLAG", False, "")


def test_numbers_must_be_numbers(monkeypatch):
    monkeypatch.setenv("IZDEU_TEST_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured):
        envint("IZDEU_TEST_PORT", 25, "")


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("IZDEU_TEST_HOSTS", "izdeu.example.org, 10.0.0.5 ,")
    assert envlist("IZDEU_TEST_HOSTS", [], "") == ["izdeu.example.org", "10.0.0.5"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    (tmp_path / "token").write_text("s3cr3t-from-file\n")
    monkeypatch.setenv("IZDEU_TEST_TOKEN_FILE", str(tmp_path / "token"))
    assert envsecret("IZDEU_TEST_TOKEN", "") == "s3cr3t-from-file"
    monkeypatch.setenv("IZDEU_TEST_TOKEN", "also-given")
    with pytest.raises(ImproperlyConfigured):
        envsecret("IZDEU_TEST_TOKEN", "")


def test_a_local_secret_is_generated_once_and_private(tmp_path):
    path = tmp_path / "keys" / "secret_key"
    first = secret_from_local_file(path, 50)
    assert secret_from_local_file(path, 50) == first and len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(path.parent.iterdir()) == [path]
