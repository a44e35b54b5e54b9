"""A file-based cache whose counters are exact across the processes of one machine.

The rate limits (django-ratelimit: ``add`` then ``incr``) must count every gunicorn worker's
requests together. Django's local-memory cache counts per process (a 120/m limit first refused
request 346 with three workers); its file-based cache is shared but its ``add`` and ``incr`` are
a read then a write, so two workers could both count "1". Here both run under an exclusive
``flock`` on one lock file in the cache directory.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class LockedFileBasedCache(FileBasedCache):
    """``FileBasedCache`` with ``add`` and ``incr`` atomic across processes (POSIX ``flock``)."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(location, params)
        self.lock_path = os.path.join(os.path.abspath(location), ".lock")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(os.path.dirname(self.lock_path), 0o700, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(self, key: str, value: Any, timeout: Any = 300, version: int | None = None) -> bool:
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        with self._locked():
            return super().incr(key, delta, version)
