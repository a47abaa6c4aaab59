"""What every benchmark script shares: the project on ``sys.path`` (importing this module puts it
there), where ``../shared`` lives, and the process's peak memory.

A benchmark runs as ``python benchmarks/NAME.py``, so this folder is on ``sys.path`` and
``from _common import ...`` must come before any project import.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux ``ru_maxrss`` is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
