"""The stat fast path of helpers.pipeline.build (``input_stats`` / ``_unchanged_by_stat``).

Every test works on a scratch COPY of one small raw file (the 2023 GDP table) and its sidecar,
with ``paths.RAW_TUIK`` and ``paths.PROCESSED`` pointed into ``tmp_path``: nothing under data/raw
or data/processed is touched.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import datasets, paths, pipeline, provenance
from helpers.sources import tuik

NAME = "gdp_current"
RAW_NAME = tuik.GDP_CURRENT_FILE


@pytest.fixture
def raw_copy(tmp_path, monkeypatch) -> Path:
    src = paths.RAW_TUIK / RAW_NAME
    raw = tmp_path / "raw_tuik"
    raw.mkdir()
    copy = raw / RAW_NAME
    shutil.copyfile(src, copy)
    shutil.copyfile(provenance.sidecar_path(src), provenance.sidecar_path(copy))
    monkeypatch.setattr(paths, "RAW_TUIK", raw)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    assert pipeline.specs()[NAME].inputs() == [copy]
    return copy


@pytest.fixture
def count_hashes(monkeypatch) -> list[Path]:
    """Record every file pipeline hashes (provenance.sha256 is looked up at call time)."""
    calls: list[Path] = []
    real = provenance.sha256

    def counting(path, *a, **kw):
        calls.append(Path(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(provenance, "sha256", counting)
    return calls


def _forbid_hashing(monkeypatch):
    def boom(path, *a, **kw):
        raise AssertionError(f"hashed {path} although nothing changed")
    monkeypatch.setattr(provenance, "sha256", boom)


def _stats(meta: dict, f: Path) -> list[int]:
    return meta["input_stats"][str(f)]  # a path outside the repository is recorded as is


def test_input_stats_covers_file_and_sidecar(raw_copy, tmp_path):
    stats = pipeline.input_stats([raw_copy])
    side = provenance.sidecar_path(raw_copy)
    assert stats == {str(raw_copy): [raw_copy.stat().st_size, raw_copy.stat().st_mtime_ns],
                     str(side): [side.stat().st_size, side.stat().st_mtime_ns]}
    lonely = tmp_path / "no_sidecar.csv"
    lonely.write_text("a\n")
    assert list(pipeline.input_stats([lonely])) == [str(lonely)]  # a missing sidecar is skipped


def test_build_records_stats_then_rebuild_is_fresh_without_hashing(raw_copy, monkeypatch):
    first = pipeline.build(NAME)
    assert first.status == "built" and first.rows > 0
    meta = pipeline.read_meta(NAME)
    assert meta["input_stats"] == pipeline.input_stats([raw_copy])
    assert meta["inputs"] == {str(raw_copy): provenance.sha256(raw_copy)}
    out = paths.processed_file(NAME)
    before = out.stat().st_mtime_ns

    _forbid_hashing(monkeypatch)
    spec = pipeline.specs()[NAME]
    assert pipeline._unchanged_by_stat(spec, [raw_copy], meta) is True
    again = pipeline.build(NAME)
    assert again.status == "fresh" and again.rows == first.rows and again.path == out
    assert out.stat().st_mtime_ns == before  # not rewritten
    assert datasets.load(NAME)["plate"].nunique() == 81  # reads the scratch table


def test_touched_input_is_fresh_by_hash_and_refreshes_stats(raw_copy, count_hashes, monkeypatch):
    pipeline.build(NAME)
    out = paths.processed_file(NAME)
    before = out.stat().st_mtime_ns
    old = pipeline.read_meta(NAME)
    st = raw_copy.stat()
    os.utime(raw_copy, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # touch: content unchanged
    assert pipeline._unchanged_by_stat(pipeline.specs()[NAME], [raw_copy], old) is False

    count_hashes.clear()
    res = pipeline.build(NAME)
    assert res.status == "fresh"
    assert count_hashes == [raw_copy]  # went through the hash path, once
    assert out.stat().st_mtime_ns == before
    new = pipeline.read_meta(NAME)
    assert _stats(new, raw_copy) == [st.st_size, st.st_mtime_ns + 5_000_000_000]  # stats refreshed
    assert {k: v for k, v in new.items() if k != "input_stats"} == \
        {k: v for k, v in old.items() if k != "input_stats"}  # the rest of the record is kept

    _forbid_hashing(monkeypatch)  # the refreshed stats make the next build cheap again
    assert pipeline.build(NAME).status == "fresh"


def test_touched_sidecar_is_fresh_by_hash(raw_copy, count_hashes):
    pipeline.build(NAME)
    side = provenance.sidecar_path(raw_copy)
    st = side.stat()
    os.utime(side, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    count_hashes.clear()
    assert pipeline.build(NAME).status == "fresh"
    assert count_hashes == [raw_copy]
    assert _stats(pipeline.read_meta(NAME), side)[1] == st.st_mtime_ns + 1_000_000_000


def test_edited_copy_fails_with_provenance_error(raw_copy):
    pipeline.build(NAME)
    out = paths.processed_file(NAME)
    table_bytes, meta_before = out.read_bytes(), pipeline.read_meta(NAME)
    with open(raw_copy, "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(provenance.ProvenanceError, match="sha256 is .* but its sidecar records"):
        pipeline.build(NAME)
    assert out.read_bytes() == table_bytes and pipeline.read_meta(NAME) == meta_before  # nothing written


def test_edited_copy_fails_on_first_build_too(raw_copy):
    with open(raw_copy, "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(provenance.ProvenanceError):
        pipeline.build(NAME)
    assert not paths.processed_file(NAME).exists()


def test_edited_sidecar_checksum_fails(raw_copy):
    pipeline.build(NAME)
    side = provenance.sidecar_path(raw_copy)
    meta = yaml.safe_load(side.read_text(encoding="utf-8"))
    meta["sha256"] = "0" * 64
    side.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="sidecar records 0000"):
        pipeline.build(NAME)


def test_same_size_edit_with_restored_mtime_is_caught_by_force(raw_copy):
    # The fast path trusts size + mtime (documented: "a cheap first check"); force=True re-verifies.
    pipeline.build(NAME)
    st = raw_copy.stat()
    data = bytearray(raw_copy.read_bytes())
    data[-1] ^= 0xFF
    raw_copy.write_bytes(bytes(data))
    os.utime(raw_copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert raw_copy.stat().st_size == st.st_size
    with pytest.raises(provenance.ProvenanceError):
        pipeline.build(NAME, force=True)


def test_old_meta_without_stats_is_upgraded(raw_copy, count_hashes, monkeypatch):
    pipeline.build(NAME)
    mp = pipeline.meta_path(NAME)
    meta = json.loads(mp.read_text(encoding="utf-8"))
    del meta["input_stats"]
    mp.write_text(json.dumps(meta), encoding="utf-8")
    count_hashes.clear()
    assert pipeline.build(NAME).status == "fresh"
    assert count_hashes == [raw_copy]
    assert pipeline.read_meta(NAME)["input_stats"] == pipeline.input_stats([raw_copy])


def test_unchanged_by_stat_needs_same_versions_and_inputs(raw_copy, tmp_path):
    pipeline.build(NAME)
    spec = pipeline.specs()[NAME]
    meta = pipeline.read_meta(NAME)
    assert pipeline._unchanged_by_stat(spec, [raw_copy], meta) is True
    assert pipeline._unchanged_by_stat(spec, [raw_copy], None) is False
    assert pipeline._unchanged_by_stat(spec, [raw_copy], {}) is False
    for key in ("reader_version", "package_version", "pandas_version"):
        assert pipeline._unchanged_by_stat(spec, [raw_copy], {**meta, key: "0"}) is False
    other = tmp_path / "other.xls"
    shutil.copyfile(raw_copy, other)
    assert pipeline._unchanged_by_stat(spec, [raw_copy, other], meta) is False  # a new input


def test_edit_during_a_build_is_not_hidden_by_the_recorded_stats(raw_copy, monkeypatch):
    real_verify = provenance.verify

    def verify_then_edit(path, digest=None):
        prov = real_verify(path, digest)
        with open(path, "ab") as fh:  # someone edits the file right after it was checked
            fh.write(b"\0")
        monkeypatch.setattr(provenance, "verify", real_verify)  # only once
        return prov

    monkeypatch.setattr(provenance, "verify", verify_then_edit)
    assert pipeline.build(NAME).status == "built"
    # the raw file no longer matches its sidecar: the next build must notice
    with pytest.raises(provenance.ProvenanceError):
        pipeline.build(NAME)
