"""The cleaning pipeline: raw files → validated tidy tables in ``data/processed/``.

Each source module in :mod:`helpers.sources` declares ``TABLES``, a list of :class:`TableSpec`.
:func:`build` runs a spec: it lists the inputs, checks their provenance, and rebuilds only when the
fingerprint of the inputs (checksums, package version, pandas version, reader version) differs from
the one recorded in ``<name>.meta.json``; ``force=True`` rebuilds anyway. The table is validated
with its pandera schema before anything is written, and both files are written atomically.

Provenance is checked before a table is built (:func:`helpers.provenance.check_inputs`: the
committed manifest of the shipped raw files, then the sidecars; nothing under ``data/raw/`` is
written). The ``.meta.json`` records the sha256 of the parquet file's bytes (``content_sha256``);
:func:`content_problem` compares it on every build and read (cached per process by size and
modification time), so a table edited after it was built is rebuilt, or named when it cannot be.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

import helpers
from helpers import paths, provenance
from helpers.exceptions import DataBroken
from helpers.io import atomic_write_json, atomic_write_parquet

SOURCE_MODULES = (
    "helpers.sources.tuik",
    "helpers.sources.eurostat",
    "helpers.sources.trade",
    "helpers.sources.universities",
    "helpers.sources.sgk",
    "helpers.sources.tim",
)


@dataclass(frozen=True)
class TableSpec:
    """How one processed table is made.

    ``inputs`` lists the raw files (a callable, since e.g. the SGK inputs depend on which official
    files a user has added); ``read`` turns them into the tidy table; ``schema`` validates it (a
    pandera schema, or a callable that raises); ``version`` is bumped when the reader's logic
    changes so cached tables are rebuilt.
    """

    name: str
    source: str
    description: str
    inputs: Callable[[], list[Path]]
    read: Callable[[list[Path]], pd.DataFrame]
    schema: object | None = None
    version: str = "1"
    optional: bool = False  # True: no inputs is not an error (e.g. TİM exports a user may add)
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class BuildResult:
    name: str
    status: str  # "built", "fresh" (skipped, unchanged), "absent" (optional, no inputs), "failed"
    rows: int = 0
    seconds: float = 0.0
    path: Path | None = None
    error: str = ""


def specs() -> dict[str, TableSpec]:
    """All table specs declared by the source modules, by name."""
    out: dict[str, TableSpec] = {}
    for mod_name in SOURCE_MODULES:
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError as exc:
            if exc.name == mod_name:
                continue
            raise
        for spec in getattr(mod, "TABLES", []):
            if spec.name in out:
                raise ValueError(f"table {spec.name!r} declared twice ({out[spec.name].source}, {spec.source})")
            out[spec.name] = spec
    return out


def _rel(p: Path) -> str:
    return str(p.relative_to(paths.ROOT)) if p.is_relative_to(paths.ROOT) else str(p)


def fingerprint(spec: TableSpec, inputs: list[Path], digests: dict[Path, str] | None = None) -> dict:
    """What a processed table depends on: input checksums, reader, package and pandas versions."""
    digests = digests or {p: provenance.sha256(p) for p in inputs}
    checks = {_rel(p): digests[p] for p in inputs}
    basis = {"inputs": checks, "reader_version": spec.version, "package_version": helpers.__version__,
             "pandas_version": pd.__version__}
    basis["fingerprint"] = hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()
    return basis


def input_stats(inputs: list[Path]) -> dict[str, list[int]]:
    """Size and modification time of each input and its sidecar: a cheap first check before hashing."""
    out = {}
    for p in inputs:
        for f in (p, provenance.sidecar_path(p)):
            if f.exists():
                st = f.stat()
                out[_rel(f)] = [st.st_size, st.st_mtime_ns]
    return out


def _unchanged_by_stat(spec: TableSpec, inputs: list[Path], old: dict | None) -> bool:
    """True when the recorded stats of every input (and versions) still hold: nothing to hash."""
    if not old:
        return False
    same_versions = (old.get("reader_version") == spec.version and old.get("package_version") == helpers.__version__
                     and old.get("pandas_version") == pd.__version__)
    return same_versions and old.get("input_stats") == input_stats(inputs) and \
        sorted(old.get("inputs", {})) == sorted(_rel(p) for p in inputs)


def is_fresh(name: str) -> bool:
    """True when table ``name`` is built and a :func:`build` would not change it (inputs' sizes and
    times as recorded, content as built): cheap, for checks before the cleaning runs."""
    try:
        spec = specs()[name]
        inputs = spec.inputs()
    except Exception:  # noqa: BLE001 - whatever the inputs' problem, the cleaning reports it
        return False
    old = read_meta(name)
    out = paths.processed_file(name)
    return bool(inputs) and out.exists() and _unchanged_by_stat(spec, inputs, old) and not content_problem(name, old)


def meta_path(name: str) -> Path:
    return paths.PROCESSED / f"{name}.meta.json"


def read_meta(name: str) -> dict | None:
    p = meta_path(name)
    if not p.exists():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None


def validate(spec: TableSpec, df: pd.DataFrame) -> pd.DataFrame:
    if spec.schema is None:
        return df
    if callable(spec.schema) and not hasattr(spec.schema, "validate"):
        return spec.schema(df) or df
    from helpers.schemas import validate_table
    return validate_table(spec.schema, df, table=spec.name)


def build(name: str, force: bool = False) -> BuildResult:
    """Build one processed table (or skip it when its inputs are unchanged)."""
    spec = specs()[name]
    start = time.perf_counter()
    inputs = spec.inputs()
    if not inputs:
        if spec.optional:
            return BuildResult(name, "absent")
        raise FileNotFoundError(f"table {name!r}: no input files found for source {spec.source}")
    out = paths.processed_file(name)
    old = read_meta(name)
    if not force and out.exists() and output_problem(out, old):
        force = True  # unreadable, empty or another table's file: rebuild it (self-healing)
    problem = content_problem(name, old) if not force and out.exists() else ""
    if problem:  # edited after it was built (or built before hashes were recorded): never used as it is
        if (old or {}).get("content_sha256"):
            import warnings

            warnings.warn(f"processed table {name!r}: {problem}; rebuilt from the raw files", ContentWarning,
                          stacklevel=2)
        force = True
    if not force and out.exists() and _unchanged_by_stat(spec, inputs, old):
        # Sizes and modification times of the inputs and their sidecars are as recorded when the
        # table was built (and verified): skip hashing. Any change falls through to the full check.
        return BuildResult(name, "fresh", rows=int(old.get("rows", 0)), path=out,
                           seconds=time.perf_counter() - start)
    stats = input_stats(inputs)  # taken before hashing: an edit after this point is seen next time
    digests = {p: provenance.sha256(p) for p in inputs}
    provenance.check_inputs(inputs, digests)  # manifest, then sidecars; stops naming the file
    user_supplied = sorted(_rel(p) for p in inputs if not provenance.is_shipped(p))
    fp = fingerprint(spec, inputs, digests)
    if not force and old and old.get("fingerprint") == fp["fingerprint"] and out.exists():
        # content unchanged (e.g. a file was touched): record the new stats, keep the table
        atomic_write_json(meta_path(name), {**old, "input_stats": stats})
        return BuildResult(name, "fresh", rows=int(old.get("rows", 0)), path=out,
                           seconds=time.perf_counter() - start)
    df = spec.read(inputs)
    df = validate(spec, df)
    atomic_write_parquet(out, df)
    meta = {"table": name, "source": spec.source, "description": spec.description, **fp,
            "input_stats": stats, "content_sha256": content_sha256(out), "user_supplied": user_supplied,
            "rows": int(len(df)), "columns": list(map(str, df.columns)),
            "is_sample": bool(df["is_sample"].any()) if "is_sample" in df.columns else False,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    atomic_write_json(meta_path(name), meta)
    return BuildResult(name, "built", rows=len(df), path=out, seconds=time.perf_counter() - start)


def output_problem(path: Path, meta: dict | None) -> str:
    """Why the processed file ``path`` cannot be trusted ("" when it can): empty, not a readable
    parquet file, or columns other than those recorded in its metadata (another table's file).
    Reads only the parquet footer."""
    try:
        if path.stat().st_size == 0:
            return f"{path} is empty (0 bytes)"
        import pyarrow.parquet as pq

        columns = pq.read_schema(path).names
    except Exception as exc:  # noqa: BLE001 - any reason not to trust it
        return f"{path} is not a readable parquet file ({type(exc).__name__}: {exc})"
    want = (meta or {}).get("columns")
    if want is not None and [c for c in columns if c != "__index_level_0__"] != list(want):
        return f"{path} has columns {columns}, not those recorded for the table ({want})"
    return ""


class ContentWarning(UserWarning):
    """A processed table's bytes differ from those recorded when it was built (it is rebuilt)."""


class TableContentError(DataBroken, OSError):
    """A processed table's content differs from the hash recorded when it was built, and it was not
    rebuilt (the message names the table and the way out)."""


_CONTENT_CACHE: dict[tuple[str, int, int], str] = {}


def content_sha256(path: Path) -> str:
    """sha256 of a processed file's bytes, cached in this process by (path, size, mtime_ns): a
    report run hashes each table once, however often it reads it."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    digest = _CONTENT_CACHE.get(key)
    if digest is None:
        h = hashlib.sha256()
        with open(path, "rb") as fh:  # not provenance.sha256: that one is for raw inputs only
            while block := fh.read(1 << 20):
                h.update(block)
        digest = _CONTENT_CACHE[key] = h.hexdigest()
    return digest


def content_problem(name: str, meta: dict | None = None) -> str:
    """Why the processed file of table ``name`` is not the one that was built ("" when it is): its
    bytes' sha256 differs from ``content_sha256`` in its ``.meta.json``. A table built before the
    hash was recorded has none, and is rebuilt by the next :func:`build` (its metadata is old)."""
    meta = read_meta(name) if meta is None else meta
    path = paths.processed_file(name)
    want = (meta or {}).get("content_sha256")
    if not path.exists():
        return ""
    if not want:
        return f"{path.name} has no content hash in its metadata (built by an older version)"
    have = content_sha256(path)
    if have != want:
        return (f"{path.name} was changed after it was built (sha256 {have[:12]}…, recorded {want[:12]}…): "
                "processed tables are never edited by hand")
    return ""


def verify_table(name: str) -> str:
    """The content hash of table ``name`` after checking it; raises :class:`TableContentError`
    naming the table when its content is not what was built (for the report runner's reuse key)."""
    meta = read_meta(name)
    problem = content_problem(name, meta)
    if problem:
        raise TableContentError(f"processed table {name!r}: {problem}; rebuild it: run the reports without "
                                f"--skip-cleaning, or pipeline.build({name!r}, force=True)")
    return str((meta or {}).get("content_sha256", ""))


#: Environment variable: a JSON file where :func:`build_all` records every table's result (the
#: report runner sets it for the cleaning notebook and fails the run when a table failed).
RECORD_ENV = "WORKBOOK_BUILD_RECORD"


class BuildFailed(DataBroken, RuntimeError):
    """One or more processed tables could not be built (the message has each table's full error)."""


def failures_message(results: Iterable[BuildResult]) -> str:
    failed = [r for r in results if r.status == "failed"]
    return "; ".join(f"table {r.name!r}: {r.error}" for r in failed)


def raise_for_failures(results: list[BuildResult]) -> None:
    """Raise :class:`BuildFailed` with every failed table's full message (after showing them)."""
    msg = failures_message(results)
    if msg:
        raise BuildFailed(f"{sum(r.status == 'failed' for r in results)} table(s) failed: {msg}")


def record(results: list[BuildResult]) -> None:
    """Write the results where the report runner asked (:data:`RECORD_ENV`); nothing otherwise."""
    import os

    target = os.environ.get(RECORD_ENV)
    if not target:
        return
    rows = [{"table": r.name, "status": r.status, "rows": r.rows, "error": r.error} for r in results]
    try:
        atomic_write_json(Path(target), rows)
    except OSError:
        pass  # the runner then sees no record and fails the cleaning step itself


def build_all(names: Iterable[str] | None = None, force: bool = False, raise_errors: bool = True) -> list[BuildResult]:
    """Build every table (or the named ones). With ``raise_errors=False`` a failing table is
    recorded as failed and the others are still built."""
    all_specs = specs()
    todo = list(names) if names else list(all_specs)
    unknown = [n for n in todo if n not in all_specs]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; known: {sorted(all_specs)}")
    results = []
    for n in todo:
        try:
            results.append(build(n, force=force))
        except Exception as exc:  # noqa: BLE001 - recorded and re-raised below if asked
            if raise_errors:
                raise
            results.append(BuildResult(n, "failed", error=f"{type(exc).__name__}: {exc}"))
    record(results)
    return results


def summary(results: list[BuildResult]) -> pd.DataFrame:
    return pd.DataFrame([{"table": r.name, "status": r.status, "rows": r.rows,
                          "seconds": round(r.seconds, 3), "error": r.error} for r in results])
