"""The query layer, one module per kind of question; :mod:`pipelines.db.queries` is its public face.

- :mod:`.filters` — what every query takes: a connection, :class:`~.filters.Filters`, parsed user
  input (dates, LIKE patterns) and the SQL conditions they make; :class:`~.filters.QueryError`.
- :mod:`.rows` — what every query gives back: times in Asia/Shanghai, article references, the
  organisations, people and dates of a batch of articles.
- :mod:`.search` (full text), :mod:`.articles` (``show``, ``export``), :mod:`.orgs` (``orgs``,
  ``timeline``), :mod:`.events` (articles mentioning a period), :mod:`.runs` (crawl runs).
"""
