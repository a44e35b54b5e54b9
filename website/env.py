"""The one typed helper through which settings read the environment.

django-environ parses URLs and lists; this wrapper makes every bad value stop
start-up with a message that names the variable, instead of silently falling back
(django-environ reads ``DEBUG=maybe`` as ``False``).
"""

from __future__ import annotations

import builtins
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off", ""})

_NOTSET: Any = environ.Env.NOTSET


class Env:
    """Reads environment variables with types; raises ``ImproperlyConfigured`` naming the variable.

    Its methods are named after the types they return, so below ``def str`` the annotations
    spell the type ``builtins.str``.
    """

    def __init__(self) -> None:
        self._env = environ.Env()

    def _raw(self, name: str) -> str | None:
        return self._env.str(name, default=None)

    def str(self, name: str, default: str | None = _NOTSET) -> str:
        value = self._raw(name)
        if value is None:
            if default is _NOTSET:
                raise ImproperlyConfigured(f"Set the environment variable {name}.")
            return default  # type: ignore[return-value]
        return value

    def bool(self, name: builtins.str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        folded = value.strip().lower()
        if folded in TRUE_VALUES:
            return True
        if folded in FALSE_VALUES:
            return False
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
        )

    def int(self, name: builtins.str, default: int) -> int:
        value = self._raw(name)
        if value is None or not value.strip():
            return default
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None

    def list(self, name: builtins.str, default: list[builtins.str] | None = None) -> list[builtins.str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def db(self, name: builtins.str, default: builtins.str) -> dict[builtins.str, Any]:
        value = self._raw(name) or default
        scheme = value.split("://", 1)[0] if "://" in value else ""
        if scheme not in environ.Env.DB_SCHEMES:
            raise ImproperlyConfigured(
                f"{name}={value!r}: unknown database scheme; use sqlite:///path or postgres://user@host/name."
            )
        try:
            return environ.Env.db_url_config(value)
        except Exception as exc:
            raise ImproperlyConfigured(f"{name} is not a valid database URL ({exc}).") from None

    def url(self, name: builtins.str) -> builtins.str:
        """An optional service address; empty string when unset."""
        value = (self._raw(name) or "").strip()
        if value and "://" not in value:
            raise ImproperlyConfigured(f"{name}={value!r} is not a URL (expected scheme://host:port).")
        return value

    def base_url(self, name: builtins.str, default: builtins.str = "") -> builtins.str:
        """The portal's public address, ``scheme://host[:port]`` without a path; empty when unset.

        The portal is served at the root of its host, so a path would be doubled in every link.
        """
        value = (self._raw(name) or default).strip().rstrip("/")
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not an address: write it as https://host[:port]."
            )
        if parts.path or parts.query or parts.fragment or parts.username:
            raise ImproperlyConfigured(
                f"{name}={value!r}: give the scheme and host only (https://host[:port]); "
                "the portal is served at the root of its host."
            )
        return f"{parts.scheme}://{parts.netloc.lower()}"


env = Env()
