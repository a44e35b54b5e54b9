"""Logging filters for faults that repeat on every call (a dead cache server)."""

from __future__ import annotations

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Let one record through per ``seconds``, as one line without its traceback.

    django-redis with ``IGNORE_EXCEPTIONS`` logs a full traceback for every failed cache call: a
    dead Redis wrote 25 MB of log in minutes. The first record of an interval keeps the reason
    (the exception's text) and says how many were left out since the last one.
    """

    def __init__(self, seconds: float = 60, name: str = "") -> None:
        super().__init__(name)
        self.seconds = float(seconds)
        self._lock = threading.Lock()
        self._next = 0.0
        self._suppressed = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        with self._lock:
            if now < self._next:
                self._suppressed += 1
                return False
            suppressed, self._suppressed = self._suppressed, 0
            self._next = now + self.seconds
        reason = record.exc_info[1] if record.exc_info and record.exc_info[1] is not None else None
        message = record.getMessage()
        if reason is not None:
            message = f"{message}: {reason.__class__.__name__}: {reason}"
        if suppressed:
            message += f" ({suppressed} similar messages left out)"
        record.msg, record.args = f"{message} (next report in {self.seconds:g} s at most)", None
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
