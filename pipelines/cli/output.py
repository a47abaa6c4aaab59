"""One output layer for the ``cnr-news`` commands (issue 18).

* :func:`terminal_safe` — text for a terminal: control characters (ESC, BEL, CR, backspace, C1, bidi
  overrides) from a stored page become visible symbols (ESC → ␛), so a page cannot drive the
  terminal; newlines and tabs stay. The highlight codes this program adds itself can be kept.
* :func:`csv_cell` — a CSV cell: its control characters neutralised the same way, and a text that
  starts with ``=``, ``+``, ``-``, ``@`` (or a tab or CR) prefixed with ``'`` so a spreadsheet takes
  it as text, not a formula (OWASP "CSV injection").
* :func:`open_output` and :func:`guarded_output` — writing: a file that cannot be opened (a folder, a
  missing folder) or written (``/dev/full``), or a standard output that fails (ENOSPC, EIO), gives one
  line, ``cnr-news CMD: cannot write …: <reason>``, and exit status 2; a reader that stops early
  (``| head``, EPIPE) ends the command quietly with 0, as before.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

EXIT_OUTPUT = 2

# C0 but \t and \n, DEL, C1, and the bidirectional overrides/isolates that reorder what is shown
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(m: re.Match[str]) -> str:
    c = m.group()
    o = ord(c)
    if o < 0x20:
        return chr(0x2400 + o)  # the Unicode "control pictures": ␛ ␇ ␍ …
    if o == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def terminal_safe(s: str, keep: tuple[str, ...] = ()) -> str:
    """``s`` with its control characters shown as symbols; the strings in ``keep`` (our own
    highlight codes) are left as they are."""
    if not keep:
        return _CONTROL_RE.sub(_visible, s)
    pattern = "(" + "|".join(re.escape(k) for k in keep) + ")"
    parts = re.split(pattern, s)
    return "".join(p if i % 2 else _CONTROL_RE.sub(_visible, p) for i, p in enumerate(parts))


def csv_cell(v: Any) -> Any:
    """A CSV cell value: text neutralised (controls, formula prefixes); other values unchanged."""
    if not isinstance(v, str):
        return v
    if v.startswith(_FORMULA_START):
        v = "'" + v
    return _CONTROL_RE.sub(_visible, v)


class OutputError(Exception):
    """The output could not be opened or written; the message is the one line to print."""


def open_output(path: str) -> TextIO:
    """``path`` opened for writing text (UTF-8, CSV-ready newlines), or :class:`OutputError`."""
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's last flush cannot fail again."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class _SafeText:
    """A text stream that passes everything written through :func:`terminal_safe`."""

    def __init__(self, out: TextIO, keep: tuple[str, ...]) -> None:
        self._out, self._keep = out, keep

    def write(self, s: str) -> int:
        return self._out.write(terminal_safe(s, self._keep))

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding …
        return getattr(self._out, name)


@contextlib.contextmanager
def safe_stdout(keep: tuple[str, ...] = ()) -> Iterator[None]:
    """While the block runs, what is printed to standard output goes through :func:`terminal_safe`."""
    real = sys.stdout
    sys.stdout = _SafeText(real, keep)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout = real


def guarded_output(command: str, write: Callable[[], int]) -> int:
    """Run ``write`` (which prints the command's output and returns its exit status), flush standard
    output, and turn a failed write into one line on stderr and :data:`EXIT_OUTPUT`."""
    try:
        rc = write()
        sys.stdout.flush()
        return rc
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        _silence_stdout()
        return 0
    except OutputError as exc:
        print(f"cnr-news {command}: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except OSError as exc:
        where = exc.filename or "the output"
        print(f"cnr-news {command}: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        _silence_stdout()
        return EXIT_OUTPUT
