"""Importing the one-stop-shop software's monthly dossier export (CSV or XLSX).

Flow: read the file as a stream (``csv`` reader or openpyxl ``read_only``) → check every
row (nothing written) → if no row is wrong, read it again and write in batches with
``bulk_create`` / ``bulk_update`` inside one transaction → refresh the statistics of the
departments touched, from the month the earliest changed dossier was received in. Dossiers
are keyed by code: a later export updates a dossier that was pending, and re-importing the
same file changes nothing.

- ``columns``: the export's columns and the names accepted for them (the header row);
- ``sources``: which files are taken (type, size) and their raw rows;
- ``rows``: one row checked and turned into a dossier's values;
- ``pipeline``: check → apply (``dossier_import_check``, ``dossier_import_apply``);
- ``runs``: the admin's import runs (upload → preview → confirm), big files as background tasks;
- ``template``: the CSV template editors fill in.
"""
