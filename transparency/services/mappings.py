"""Writes of the import code tables: the shipped defaults, for a source that has none yet."""

from __future__ import annotations

from core.folding import fold_label
from transparency.importers.defaults import CHANNEL_DEFAULTS, HANDED_OVER_DEFAULTS, STATUS_DEFAULTS
from transparency.models.mappings import ChannelMapping, StatusMapping


def mapping_defaults_ensure(*, using: str = "default") -> int:
    """Write the default status and channel codes of each source that has no row of that table;
    a source an editor has filled is left as it is. Returns how many rows were written."""
    written = 0
    status_sources = set(StatusMapping.objects.using(using).values_list("source", flat=True).distinct())
    for source, statuses in STATUS_DEFAULTS.items():
        if source in status_sources:
            continue
        handed = HANDED_OVER_DEFAULTS.get(source, frozenset())
        rows = [
            StatusMapping(
                source=source, value=value, status=status or "", label=label, handed_over=value in handed
            )
            for value, status, label in statuses
        ]
        for row in rows:
            row.folded = fold_label(row.value)
        StatusMapping.objects.using(using).bulk_create(rows)
        written += len(rows)
    channel_sources = set(ChannelMapping.objects.using(using).values_list("source", flat=True).distinct())
    for source, channels in CHANNEL_DEFAULTS.items():
        if source in channel_sources:
            continue
        channel_rows = [
            ChannelMapping(source=source, value=value, channel=channel) for value, channel in channels
        ]
        for channel_row in channel_rows:
            channel_row.folded = fold_label(channel_row.value)
        ChannelMapping.objects.using(using).bulk_create(channel_rows)
        written += len(channel_rows)
    return written
