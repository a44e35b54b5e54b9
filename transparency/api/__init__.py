"""Statistics, dossier and apology endpoints of the JSON API."""

from __future__ import annotations

from ninja import Router

from transparency.api.apologies import router as apologies_router
from transparency.api.lookup import router as lookup_router
from transparency.api.statistics import router as statistics_router
from transparency.api.trends import router as trends_router

router = Router()
router.add_router("", statistics_router)
router.add_router("", trends_router)
router.add_router("", apologies_router)
router.add_router("", lookup_router)
