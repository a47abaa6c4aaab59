"""The one place that turns a SQLite file into the URI a reader opens (issue 18).

* The path is percent-encoded: a ``#`` or ``?`` in a file name would otherwise end the path, drop
  ``mode=ro`` and make SQLite open (and create) a cut-off file read-write.
* No leftover files: a ``mode=ro`` connection to a WAL database creates ``-wal`` and ``-shm`` and
  cannot remove them when it closes. Where the folder and the file are writable, the reader opens
  ``mode=rw`` (never ``rwc``: an absent file is an error, not a new database) and every connection
  runs ``PRAGMA query_only=ON`` (see :func:`readonly_pragmas`): it cannot change data, and as the last
  connection to close SQLite removes the ``-wal``/``-shm`` it made, as it does for a writer.
* Read-only media, a folder or a file the user cannot write: ``mode=ro``; and when no ``-wal`` file
  exists (no WAL writer can be active: a writer needs one) also ``immutable=1``, which needs neither
  locks nor ``-shm`` — without it every query fails with "unable to open database file". When a
  ``-wal`` exists (a writer with the rights we lack is running), plain ``mode=ro`` uses its ``-shm``.

Measured with SQLite 3.40: ``mode=ro`` on a WAL database left ``-wal`` and ``-shm`` behind;
``mode=ro&immutable=1`` and ``mode=rw`` + ``query_only`` left nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

# characters kept as they are in the URI's path; everything else (``#``, ``?``, ``%``, spaces,
# non-ASCII) is percent-encoded, as https://www.sqlite.org/uri.html asks
_SAFE = "/-._~"


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def readonly_uri(path: str | os.PathLike[str], *, writable: bool | None = None) -> str:
    """``file:`` URI for reading the SQLite file ``path`` without changing it or leaving files behind.
    ``writable``: whether the file and its folder may be written (default: asked of the system)."""
    p = Path(path).resolve()
    if writable is None:
        writable = _writable(p)
    if writable:
        params = "mode=rw"
    elif os.path.exists(f"{p}-wal"):
        params = "mode=ro"
    else:
        params = "mode=ro&immutable=1"
    return f"file:{quote(str(p), safe=_SAFE)}?{params}"


def readonly_pragmas(dbapi_conn: Any) -> None:
    """Run on each reader connection: no statement may change the database."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.close()
