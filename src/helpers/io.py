"""Atomic writes: every output is written to a temporary file in the target folder, then renamed
into place (``os.replace``), so a reader never sees a half-written file and a crash leaves the
previous version intact."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result to ``path`` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the file the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    return atomic_write(path, lambda p: p.write_bytes(data))


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, obj: Any) -> Path:
    return atomic_write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def atomic_write_parquet(path: Path, df: pd.DataFrame) -> Path:
    return atomic_write(path, lambda p: df.to_parquet(p, index=False))


# One YAML reader for the package: every module that reads YAML goes through parse_yaml/read_yaml.
try:  # libyaml's parser when the yaml package was built with it (same results, several times faster)
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as YamlLoader

_YAML_CACHE: dict[str, tuple[tuple[int, int, int, int], Any]] = {}


def parse_yaml(text: str, loader: type | None = None) -> Any:
    """YAML text parsed with the safe loader (:data:`YamlLoader`: libyaml's ``CSafeLoader`` when
    available, else ``SafeLoader``; or ``loader``, e.g. a stricter subclass of :data:`YamlLoader`).
    Raises ``yaml.YAMLError`` as ``yaml.safe_load`` does."""
    import yaml
    return yaml.load(text, Loader=loader or YamlLoader)  # noqa: S506 - a safe loader


def read_yaml(path: Path | str) -> Any:
    """The YAML file ``path`` (UTF-8) parsed by :func:`parse_yaml`; read afresh on every call."""
    return parse_yaml(Path(path).read_text(encoding="utf-8"))


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def read_yaml_cached(path: Path | str) -> Any:
    """:func:`read_yaml`, remembered for the file as it is now: the cache is keyed by the path and
    the file's size, modification time (ns), change time and inode, checked on every call, so a
    changed or replaced file is read again (never stale). The parsed data is handed out as a deep
    copy: a caller that changes it changes nothing for the next one. Errors are not remembered."""
    import copy
    p = Path(path)
    key = str(p.absolute())
    sig = _signature(p.stat())  # before reading: a file changed meanwhile is re-read next time
    hit = _YAML_CACHE.get(key)
    if hit is not None and hit[0] == sig:
        return copy.deepcopy(hit[1])
    data = read_yaml(p)
    _YAML_CACHE[key] = (sig, data)
    return copy.deepcopy(data)


def clear_yaml_cache() -> None:
    _YAML_CACHE.clear()
