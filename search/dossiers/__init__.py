"""Statistics search for journalists: dossier-level data by words and filters.

"trễ hạn đất đai quý 3 2019" means: late dossiers, field Đất đai, Q3 2019. The words
are read into a ``criteria.DossierCriteria`` (outcome, channel, period, field, department;
any words left over must match procedure names through the site search) by
``words.dossier_search_params``, then ``selectors.dossier_search`` lets one engine answer
with a page of dossiers, facet counts and the statistics measures of the selection
(DOMAIN.md §7):

- ``database.OrmDossierEngine`` (default): counts from the per-month aggregate rows
  (``database.MonthlyCounts``) whenever the selection is whole months, else SQL
  aggregation over ``Dossier`` rows (``rows``); one page of rows is listed with an
  indexed, limited query;
- ``elastic.ElasticsearchDossierEngine`` (when ``ELASTICSEARCH_URL`` is set): the
  ``search.documents.DossierDocument`` index with aggregations. If the cluster is
  unreachable, the database answers and the result says so.

Period semantics, as on the statistics page: resolved measures (early / on time /
late) count dossiers *resolved* in the period; "received" counts dossiers received
in it; "pending" ones were received by its end and not resolved by then. Stocks
(pending, overdue) are judged on the period's end, never after the data's last day
(``transparency.selectors.stocks``), by both engines alike. Withdrawn dossiers are left
out everywhere, as in the statistics. Applicant names are never read.
"""
