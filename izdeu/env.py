"""Typed readers for the environment variables that configure izdeu.

Every variable is declared here through one of the readers, so the README can be checked
against the full list (see ``izdeu/tests/test_docs.py``). Secrets may be given either
directly (``NAME``) or as a path to a file holding them (``NAME_FILE``), which keeps them out of
process listings and lets them live on a separate volume.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DECLARED: dict[str, str] = {}


def _declare(name: str, help_text: str) -> str | None:
    DECLARED[name] = help_text
    return os.environ.get(name)


def envstr(name: str, default: str, help_text: str) -> str:
    value = _declare(name, help_text)
    return default if value is None else value


def envbool(name: str, default: bool, help_text: str) -> bool:
    value = _declare(name, help_text)
    if value is None:
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def envint(name: str, default: int, help_text: str) -> int:
    value = _declare(name, help_text)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: list[str], help_text: str) -> list[str]:
    value = _declare(name, help_text)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str, help_text: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``; empty if neither is set."""
    value = _declare(name, help_text)
    path = _declare(f"{name}_FILE", f"Path to a file holding {name}.")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return value or ""


def secret_from_local_file(path: Path, nbytes: int) -> str:
    """Read a secret kept in a local, untracked file, creating it on first run.

    Used only when no secret was configured, so that a fresh clone runs without setup and no
    secret is ever committed. The file is created readable by its owner only.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(nbytes))
        try:
            # Linking is atomic: when the server and the worker start together, one wins.
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="utf-8").strip()
