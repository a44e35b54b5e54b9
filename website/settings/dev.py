"""Development and the one-machine demo (`make run`): relaxed, never for the internet."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-not-for-production-use-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

from website.settings.base import *  # noqa: F403
