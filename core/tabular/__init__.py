"""Reading the CSV and XLSX files every importer takes, and what an import reports.

- ``errors``: ``RowError`` (what is wrong, where) and ``ImportFileError`` (the whole file refused);
- ``reports``: ``ImportSummary``, the counts and errors an import prints and stores;
- ``encodings``: which text encoding a file is in, and decoding it;
- ``csv``: CSV rows, streamed or as a tablib ``Dataset``;
- ``xlsx``: opening ``.xlsx`` packages safely (zip bombs, lying ``<dimension>`` tags, truncation).

Messages are in Vietnamese, for the editors who import. Both importers show the ``.xlsx``
refusals worded the same; where one words a situation its own way (an encoding, a size), the
reading here keeps its wording.
"""
