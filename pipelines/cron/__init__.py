"""One scheduled crawl, safe to start from cron or a systemd timer (``cnr-news cron`` is its command line).

1. :mod:`.lock` takes a lock (``fcntl.flock`` on ``<db file>.cron.lock``, or ``<log dir>/cron-<hash>.lock``
   for a non-SQLite URL); when another run holds it, the run exits at once with
   :data:`.outcome.EXIT_LOCKED` and a log line;
2. :mod:`.job` checks that the database can be written;
3. :mod:`.child` runs ``python -m scrapy crawl SPIDER`` in a child process with ``CLOSESPIDER_TIMEOUT``
   (graceful stop after the timeout); if the child is still alive ``kill_after`` seconds later it gets
   SIGTERM, then SIGKILL; SIGTERM/SIGINT to cron are passed on; :mod:`.logs`: one log file per run;
4. :mod:`.outcome` reads the run's verdict from ``crawl_runs`` (written by :mod:`pipelines.db.run_recorder`; the
   JSON run report next to the log when the database could not be written) and turns it into an exit
   code that says what happened (see :data:`.outcome.EXIT_CODES`), the reason on stderr.
"""
