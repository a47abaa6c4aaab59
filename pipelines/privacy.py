"""What third-party libraries may leave on the machine (issue 18): nothing outside a private cache.

* ONNX Runtime (Baidu LAC): on import it writes a telemetry queue and a device id under
  ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/`` and a ``.ses`` file in ``$TMPDIR``. With
  ``ORT_DISABLE_TELEMETRY=1`` set before the import it writes none of them (measured, 1.32);
  :func:`quiet_onnxruntime` sets it and also turns telemetry events off.
* jieba: by default it dumps a 9 MB ``jieba.cache`` into the shared temporary folder and, on the next
  run, loads whatever file is found there, so another local user could plant one. :func:`private_jieba`
  points it at :func:`private_cache_dir` (``$XDG_CACHE_HOME/cnr-news``, else ``~/.cache/cnr-news``,
  mode 700, owned by the user); when that cannot be had, at a fresh private temporary folder that is
  removed at exit (no cache kept, nothing shared).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import stat
import tempfile
from pathlib import Path
from types import ModuleType

APP = "cnr-news"


def _private(path: Path) -> bool:
    """``path`` is a real folder of ours that nobody else may write or read."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def private_cache_dir() -> Path | None:
    """This user's cache folder for cnr-news (created mode 700), or None when it is not private."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / APP
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077:
            path.chmod(0o700)  # ours, but opened up: close it again
    except OSError:
        return None
    return path if _private(path) else None


@functools.cache
def _throwaway_dir() -> str:
    path = tempfile.mkdtemp(prefix=f"{APP}-")  # mode 700, a new name
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def private_jieba(jieba: ModuleType) -> ModuleType:
    """``jieba`` with its cache file in a private folder (never the shared temporary folder)."""
    cache = private_cache_dir()
    jieba.dt.tmp_dir = str(cache) if cache is not None else _throwaway_dir()
    return jieba


def quiet_onnxruntime() -> ModuleType:
    """``onnxruntime``, imported with its telemetry off (no device id, no event queue, no ``.ses``)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    import onnxruntime

    disable = getattr(onnxruntime, "disable_telemetry_events", None)
    if disable is not None:
        disable()
    return onnxruntime
