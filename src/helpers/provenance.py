"""Provenance sidecars for raw files, checksums, and the committed manifest of the shipped files.

Every file under ``data/raw/`` has a sidecar ``<file>.meta.yml`` beside it (the convention of
OWID's ``etl`` snapshots) with the fields in :data:`REQUIRED_FIELDS`. ``sha256`` is the full hex
digest of the raw file, so an edited raw file is detected by :func:`verify`.

A sidecar can be deleted or edited along with its file, so the checksums of the files the workbook
*ships* (and of their sidecars) are also committed in one manifest, ``data/raw/MANIFEST.sha256``
(``sha256sum`` format, paths relative to ``data/raw``), independent of the sidecars:
:func:`check_inputs` stops on a shipped file whose bytes differ or whose sidecar is missing or
edited, naming the file and the way back (``git checkout -- <file>``). A file a user adds (not in
the manifest) is accepted only with a sidecar the user wrote (template: :func:`sidecar_template`;
check: ``python3 tools/bootstrap.py check-raw``), and is labelled user-supplied in the reports
(:func:`is_shipped`). The workbook never writes under ``data/raw/`` (only the maintainers' tools
``tools/bundle_raw.py``, ``tools/make_sample.py`` and ``tools/raw_manifest.py write`` do).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers import paths
from helpers.exceptions import DataBroken, InputRefused
from helpers.io import read_yaml_cached

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


class ProvenanceError(DataBroken, ValueError):
    """A raw file's sidecar is missing, incomplete, or its checksum does not match."""


class UserFileRefused(InputRefused, ProvenanceError):
    """A file a user added under ``data/raw/`` has no sidecar written by the user, or an unusable one
    (exit status 2: the user's input is refused; the shipped data is intact)."""


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
        meta = read_yaml_cached(side) or {}
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
    skip = {".gitkeep", "README.md", MANIFEST_NAME}
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


# --- the committed manifest of the shipped raw files ---------------------------------------------

MANIFEST_NAME = "MANIFEST.sha256"
#: A sidecar field value the template leaves for the user to fill in (refused until replaced).
PLACEHOLDER = "FILL IN"


def manifest_path(root: Path | None = None) -> Path:
    return (root or paths.RAW) / MANIFEST_NAME


def read_manifest(root: Path | None = None) -> dict[str, str]:
    """The committed manifest: path relative to ``data/raw`` → sha256 (shipped files and their
    sidecars). Empty when the manifest is missing (then every file counts as user-supplied)."""
    path = manifest_path(root)
    if not path.exists():
        return {}
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64:
            raise ProvenanceError(f"{path}, line {n}: {line!r} is not '<sha256>  <path>'; restore it with "
                                  f"git checkout -- {_repo_rel(path)}")
        out[rel.strip()] = digest
    return out


def manifest_entries(root: Path | None = None) -> dict[str, str]:
    """What the manifest of the files now under ``root`` would hold (for ``tools/raw_manifest.py write``)."""
    root = root or paths.RAW
    out = {}
    for f in raw_files(root):
        out[f.relative_to(root).as_posix()] = sha256(f)
        side = sidecar_path(f)
        if side.exists():
            out[side.relative_to(root).as_posix()] = sha256(side)
    return dict(sorted(out.items()))


def write_manifest(root: Path | None = None) -> Path:
    """Write the manifest of the files under ``root`` (maintainers only, after adding a shipped file)."""
    path = manifest_path(root)
    lines = ["# sha256 of every raw file the workbook ships and of its sidecar (sha256sum format; paths",
             "# relative to data/raw). Written by `python3 tools/raw_manifest.py write`; checked on every",
             "# cleaning. Files not listed here are user-supplied and need a sidecar the user writes."]
    lines += [f"{d}  {rel}" for rel, d in manifest_entries(root).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rel_raw(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _repo_rel(path: Path) -> str:
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else str(path)


def is_shipped(raw_file: Path, manifest: dict[str, str] | None = None, root: Path | None = None) -> bool:
    """True when ``raw_file`` is one of the files the workbook ships (listed in the manifest)."""
    root = root or paths.RAW
    manifest = read_manifest(root) if manifest is None else manifest
    return _rel_raw(Path(raw_file), root) in manifest


def sidecar_template(raw_file: Path) -> str:
    """The sidecar a user writes for a file they add: YAML with the checksum filled in and
    :data:`PLACEHOLDER` where the user must write what they know (refused until replaced)."""
    raw_file = Path(raw_file)
    meta = {k: PLACEHOLDER for k in REQUIRED_FIELDS}
    meta.update(url=None, date_published=None, sha256=sha256(raw_file), notes="")
    head = (f"# Provenance of {raw_file.name}, written by the user who added it. Replace every "
            f"'{PLACEHOLDER}' (title: what the table is; producer: who published it; obtained_from: where you "
            "downloaded it; date_accessed: YYYY-MM-DD; licence: the terms of reuse). Save as "
            f"{sidecar_path(raw_file).name} beside the file, then run: python3 tools/bootstrap.py check-raw\n")
    return head + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)


def _restore(path: Path) -> str:
    return f"restore it with: git checkout -- {_repo_rel(path)}"


def check_input(raw_file: Path, digest: str | None = None, manifest: dict[str, str] | None = None,
                root: Path | None = None) -> Provenance:
    """Check one raw file before it is read, against the manifest first, then its sidecar.

    A shipped file (in the manifest) whose bytes differ, or whose sidecar is missing or edited, raises
    :class:`ProvenanceError` naming the file and the way back (``git checkout -- <file>``). A file a
    user added (not in the manifest) needs a sidecar the user wrote, complete and with the file's
    checksum; otherwise :class:`UserFileRefused` says how to write one. Nothing is ever written.
    """
    root = root or paths.RAW
    raw_file = Path(raw_file)
    manifest = read_manifest(root) if manifest is None else manifest
    rel = _rel_raw(raw_file, root)
    side = sidecar_path(raw_file)
    actual = digest or sha256(raw_file)
    if rel in manifest:
        found = []
        if actual != manifest[rel]:
            found.append(f"{_repo_rel(raw_file)}: a shipped raw file whose bytes differ from those recorded in "
                         f"data/raw/{MANIFEST_NAME} (sha256 {actual[:12]}…, shipped {manifest[rel][:12]}…); raw files "
                         f"are never edited: {_restore(raw_file)}; to use another version, add it under a new name "
                         "with a sidecar you write")
        side_rel = _rel_raw(side, root)
        if not side.exists():
            found.append(f"{_repo_rel(raw_file)}: its provenance sidecar {side.name} is missing (it records where "
                         f"the shipped file comes from); {_restore(side)}")
        elif side_rel in manifest and sha256(side) != manifest[side_rel]:
            found.append(f"{_repo_rel(side)}: the sidecar of a shipped raw file was edited (its sha256 differs from "
                         f"data/raw/{MANIFEST_NAME}); {_restore(side)}")
        if found:
            raise ProvenanceError("; and ".join(found))
        return verify(raw_file, actual)
    if not side.exists():
        raise UserFileRefused(
            f"{_repo_rel(raw_file)}: a file you added has no provenance sidecar; the workbook does not guess where "
            f"data comes from. Write {side.name} beside it (template: python3 tools/raw_manifest.py template "
            f"{_repo_rel(raw_file)}), then check it with python3 tools/bootstrap.py check-raw")
    try:
        prov = verify(raw_file, actual)
    except ProvenanceError as exc:
        raise UserFileRefused(f"{exc} (a file you added: fix its sidecar, then run "
                              "python3 tools/bootstrap.py check-raw)") from None
    unfilled = [k for k, v in prov.meta.items() if isinstance(v, str) and PLACEHOLDER in v]
    if unfilled:
        raise UserFileRefused(f"{_repo_rel(side)}: still has '{PLACEHOLDER}' in {', '.join(unfilled)}; write what you "
                              "know of the file's origin there (python3 tools/bootstrap.py check-raw)")
    return prov


def check_inputs(files: list[Path], digests: dict[Path, str] | None = None,
                 root: Path | None = None) -> dict[Path, Provenance]:
    """:func:`check_input` for each file (the manifest read once)."""
    manifest = read_manifest(root)
    digests = digests or {}
    return {f: check_input(f, digests.get(f), manifest, root) for f in files}


def check_all(root: Path | None = None, digests: dict[str, str] | None = None) -> list[ProvenanceError]:
    """Every problem of the raw folder, one error each ([] when all is well): each file checked by
    :func:`check_input`, and each shipped file of the manifest that is gone. ``digests``: sha256 by
    path relative to ``root``, already computed (the runner hashes every raw file anyway)."""
    root = root or paths.RAW
    manifest = read_manifest(root)
    digests = digests or {}
    out = []
    files = raw_files(root)
    present = {_rel_raw(f, root) for f in files}
    for rel in manifest:
        if not rel.endswith(SIDECAR_SUFFIX) and rel not in present:
            out.append(ProvenanceError(f"data/raw/{rel}: a shipped raw file is missing; {_restore(root / rel)}"))
    for f in files:
        try:
            check_input(f, digests.get(_rel_raw(f, root)), manifest, root)
        except ProvenanceError as exc:
            out.append(exc)
    return out


def raise_for(problems: list[ProvenanceError]) -> None:
    """Raise one error listing ``problems`` (from :func:`check_all`): :class:`UserFileRefused` (exit
    status 2) when every problem is a user's file, :class:`ProvenanceError` (data broken, 1) otherwise."""
    if problems:
        kind = UserFileRefused if all(isinstance(p, UserFileRefused) for p in problems) else ProvenanceError
        raise kind("; ".join(map(str, problems)))
