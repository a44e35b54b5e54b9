"""Wagtail admin for the transparency app: the apology queue, drafts from it, the dashboard panel,
and the dossier import.

Hooks are registered by importing the modules from ``wagtail_hooks``.
"""
