"""Issue 11, cases 1 and 8: a processed table that is empty, corrupt or another table's file is
rebuilt or named; a failing table is reported with its whole message (on a tiny fake table)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import datasets, parameters, paths, pipeline


@pytest.fixture()
def fake(tmp_path, monkeypatch):
    """A one-input table ``toy`` built from a CSV in a temporary data folder."""
    raw = tmp_path / "raw" / "toy.csv"
    raw.parent.mkdir()
    raw.write_text("plate,value\n1,10\n2,20\n", encoding="utf-8")
    calls = []

    def read(inputs):
        calls.append(1)
        return pd.read_csv(inputs[0])

    spec = pipeline.TableSpec("toy", "test", "toy table", lambda: [raw], read)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    monkeypatch.setattr(pipeline, "specs", lambda: {"toy": spec})
    monkeypatch.setattr(pipeline.provenance, "verify", lambda p, d=None: None)
    monkeypatch.setattr(pipeline.provenance, "check_inputs", lambda files, digests=None, root=None: {})
    datasets._read.cache_clear()
    return {"raw": raw, "calls": calls, "out": tmp_path / "processed" / "toy.parquet"}


def test_fresh_table_is_not_rebuilt(fake):
    assert datasets.load("toy")["value"].tolist() == [10, 20]
    assert datasets.load("toy")["value"].tolist() == [10, 20]
    assert len(fake["calls"]) == 1


@pytest.mark.parametrize("damage", ["empty", "garbage", "other_table"])
def test_damaged_table_is_rebuilt(fake, damage):
    datasets.load("toy")
    out = fake["out"]
    if damage == "empty":
        out.write_bytes(b"")
    elif damage == "garbage":
        out.write_bytes(b"PAR1" + b"\x00" * 50 + b"PAR1")
    else:
        pd.DataFrame({"plate": [1], "age_group": ["0-4"]}).to_parquet(out)
    datasets._read.cache_clear()
    assert datasets.load("toy")["value"].tolist() == [10, 20]
    assert len(fake["calls"]) == 2


@pytest.mark.parametrize("damage", [b"", b"PAR1 not parquet PAR1"])
def test_damaged_table_without_build_names_the_file(fake, damage):
    datasets.load("toy")
    fake["out"].write_bytes(damage)
    with pytest.raises(datasets.ProcessedTableError, match=r"toy\.parquet.*pipeline\.build\('toy', force=True\)"):
        datasets.load("toy", build=False)


def test_wrong_table_without_build_names_the_file_not_a_keyerror(fake):
    datasets.load("toy")
    pd.DataFrame({"plate": [1], "age_group": ["0-4"]}).to_parquet(fake["out"])
    with pytest.raises(datasets.ProcessedTableError, match=r"toy\.parquet has columns \['plate', 'age_group'\]"):
        datasets.load("toy", build=False)


def test_failures_are_recorded_in_full_for_the_runner(fake, tmp_path, monkeypatch):
    long = "ProvenanceError: data/raw/x/" + "y" * 200 + ".xls: checksum differs"

    def broken(inputs):
        raise RuntimeError(long)

    spec = pipeline.TableSpec("toy", "test", "toy", lambda: [fake["raw"]], broken)
    monkeypatch.setattr(pipeline, "specs", lambda: {"toy": spec})
    record = tmp_path / "record.json"
    monkeypatch.setenv(pipeline.RECORD_ENV, str(record))
    results = pipeline.build_all(raise_errors=False)
    rows = json.loads(record.read_text())
    assert rows[0]["status"] == "failed" and long in rows[0]["error"]
    with pytest.raises(pipeline.BuildFailed, match="1 table\\(s\\) failed: table 'toy'"):
        pipeline.raise_for_failures(results)


def test_read_only_processed_folder_names_the_file(fake, monkeypatch):
    def refuse(path, df):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(pipeline, "atomic_write_parquet", refuse)
    [res] = pipeline.build_all(raise_errors=False)
    assert res.status == "failed" and "toy.parquet" in res.error


def test_employment_years_of_a_table(tmp_path):
    p = tmp_path / "e.parquet"
    pd.DataFrame({"year": [2023, 2022, 2023], "plate": [1, 1, 2]}).to_parquet(p)
    assert datasets.table_years("employment_sgk", p) == [2022, 2023]
    assert datasets.table_years("employment_sgk", tmp_path / "missing.parquet") is None
    (tmp_path / "bad.parquet").write_bytes(b"")
    assert datasets.table_years("employment_sgk", tmp_path / "bad.parquet") is None


def test_corrupt_pages_under_a_sound_footer_are_rebuilt_or_named(fake, monkeypatch):
    datasets.load("toy")
    real = datasets._read

    def corrupt_once(path, mtime):
        monkeypatch.setattr(datasets, "_read", real)
        raise OSError("Corrupt snappy compressed data.")

    monkeypatch.setattr(datasets, "_read", corrupt_once)
    assert datasets.load("toy")["value"].tolist() == [10, 20]
    assert len(fake["calls"]) == 2

    def always(path, mtime):
        raise OSError("Corrupt snappy compressed data.")

    monkeypatch.setattr(datasets, "_read", always)
    with pytest.raises(datasets.ProcessedTableError, match=r"cannot read .*toy\.parquet \(OSError: Corrupt snappy"):
        datasets.load("toy", build=False)
