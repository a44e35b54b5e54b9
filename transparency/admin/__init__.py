"""Wagtail admin for the transparency app: the apology queue, drafts from it, the dashboard panel.

Hooks are registered by importing ``transparency.admin.apologies`` from ``wagtail_hooks``.
"""
