"""WSGI entry point (gunicorn website.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

application = get_wsgi_application()
