"""Provenance sidecars for raw files, and checksums.

Every file under ``data/raw/`` has a sidecar ``<file>.meta.yml`` beside it (the convention of
OWID's ``etl`` snapshots) with the fields in :data:`REQUIRED_FIELDS`. ``sha256`` is the full hex
digest of the raw file, so an edited raw file is detected by :func:`verify`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers import paths

REQUIRED_FIELDS: dict[str, str] = {
    "title": "what the table is",
    "producer": "the statistical office or body that published it",
    "url": "original publisher URL where known (null if unknown)",
    "obtained_from": "where this copy was obtained (public repository and path)",
    "date_published": "YYYY-MM-DD or YYYY where known (null if unknown)",
    "date_accessed": "YYYY-MM-DD",
    "licence": "licence or terms of reuse",
    "sha256": "hex digest of the file (64 characters)",
    "notes": "layout quirks, conversions, caveats",
}
#: Fields a sidecar may add: the Turkish title the Turkish reports show (``title`` otherwise).
OPTIONAL_FIELDS: dict[str, str] = {
    "title_tr": "the title in Turkish, shown in Turkish reports (descriptive where the publisher's own is not known)",
    "is_sample": "true for the labelled synthetic sample",
}
SIDECAR_SUFFIX = ".meta.yml"


class ProvenanceError(ValueError):
    """A raw file's sidecar is missing, incomplete, or its checksum does not match."""


def sha256(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sidecar_path(raw_file: Path) -> Path:
    return raw_file.with_name(raw_file.name + SIDECAR_SUFFIX)


@dataclass(frozen=True)
class Provenance:
    path: Path
    meta: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    def title_in(self, lang: str) -> str:
        """The title in ``lang``: ``title_tr`` for Turkish where the sidecar has one, else ``title``."""
        return str(self.meta.get("title_tr") or self.meta["title"]) if lang == "tr" else self.title

    @property
    def is_sample(self) -> bool:
        return bool(self.meta.get("is_sample", False))


def read_sidecar(raw_file: Path) -> Provenance:
    """Read and validate the sidecar of ``raw_file`` (fields present, checksum format)."""
    side = sidecar_path(raw_file)
    if not side.exists():
        raise ProvenanceError(
            f"{raw_file}: no provenance sidecar; expected {side.name} beside it with the fields "
            f"{', '.join(REQUIRED_FIELDS)}"
        )
    try:
        meta = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ProvenanceError(f"{side}: not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise ProvenanceError(f"{side}: expected a mapping of fields, got {type(meta).__name__}")
    missing = [k for k in REQUIRED_FIELDS if k not in meta]
    if missing:
        raise ProvenanceError(
            f"{side}: missing field(s) {', '.join(missing)}; expected: "
            + "; ".join(f"{k} ({REQUIRED_FIELDS[k]})" for k in missing)
        )
    for key in ("title", "producer", "obtained_from", "licence", "date_accessed"):
        if not str(meta[key] or "").strip():
            raise ProvenanceError(f"{side}: field {key!r} is empty; expected {REQUIRED_FIELDS[key]}")
    if "title_tr" in meta and not (isinstance(meta["title_tr"], str) and meta["title_tr"].strip()):
        raise ProvenanceError(f"{side}: field 'title_tr' is {meta['title_tr']!r}; expected {OPTIONAL_FIELDS['title_tr']}")
    digest = str(meta["sha256"])
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ProvenanceError(f"{side}: sha256 {digest!r} is not a 64-character lower-case hex digest")
    _check_date(side, "date_accessed", meta["date_accessed"])
    if meta.get("date_published") is not None:
        _check_date(side, "date_published", meta["date_published"], year_ok=True)
    return Provenance(raw_file, meta)


def _check_date(side: Path, key: str, value: Any, year_ok: bool = False) -> None:
    if isinstance(value, dt.date):
        return
    text = str(value)
    if year_ok and text.isdigit() and len(text) == 4:
        return
    try:
        dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ProvenanceError(f"{side}: {key} {value!r} is not a date (expected YYYY-MM-DD)") from exc


def verify(raw_file: Path, digest: str | None = None) -> Provenance:
    """Validate the sidecar and check the file's checksum against it (``digest``: a sha256
    already computed for this file, to avoid hashing it twice)."""
    prov = read_sidecar(raw_file)
    actual = digest or sha256(raw_file)
    if actual != prov.meta["sha256"]:
        raise ProvenanceError(
            f"{raw_file}: sha256 is {actual} but its sidecar records {prov.meta['sha256']}; "
            "raw files are never edited: restore the original, or record a new version with a new sidecar"
        )
    return prov


def raw_files(root: Path | None = None) -> list[Path]:
    """Every raw data file (not sidecars, not README/.gitkeep) under ``data/raw``."""
    root = root or paths.RAW
    skip = {".gitkeep", "README.md"}
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX) and p.name not in skip
        and not p.name.startswith((".", "~$"))
    )


def write_sidecar(raw_file: Path, **fields: Any) -> Path:
    """Write a sidecar for ``raw_file`` (the checksum is computed here)."""
    meta = {k: fields.get(k) for k in REQUIRED_FIELDS}
    meta.update({k: v for k, v in fields.items() if k not in REQUIRED_FIELDS})
    meta["sha256"] = sha256(raw_file)
    side = sidecar_path(raw_file)
    side.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return side
