"""Importing the procedure catalogue: national list spreadsheets, national JSON records and the
portal's own round-trip files, through one pipeline.

- ``rows``: the ``ProcedureRow`` every format is read into;
- ``national``: parsing the national portal's exports into records;
- ``sources``: reading files (size, type, format detection; decoding and ``.xlsx`` safety in
  ``core.tabular``);
- ``pipeline``: validate → preview → apply (``procedures_import``), with its steps in
  ``validation``, ``lookups``, ``planning``, ``drafts``, ``applying``, ``publishing`` and the
  outcome in ``report``.
"""
