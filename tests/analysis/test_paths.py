"""helpers.paths.resolve: absolute paths as they are, relative ones against the repository root."""

from __future__ import annotations

from pathlib import Path

from helpers import paths


def test_relative_path_is_under_the_repository_root():
    assert paths.resolve("config/criteria.yml") == paths.ROOT / "config" / "criteria.yml"
    assert paths.resolve(Path("data") / "stakeholders") == paths.STAKEHOLDERS
    assert paths.resolve("config/criteria.yml").is_file()


def test_relative_path_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert paths.resolve("config/criteria.yml") == paths.ROOT / "config" / "criteria.yml"


def test_absolute_path_is_unchanged(tmp_path):
    assert paths.resolve(tmp_path / "x.yml") == tmp_path / "x.yml"
    assert paths.resolve(str(tmp_path)) == tmp_path


def test_home_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.resolve("~/sheets") == tmp_path / "sheets"


def test_layout():
    assert paths.ROOT == Path(paths.__file__).resolve().parents[2]
    assert paths.processed_file("population") == paths.PROCESSED / "population.parquet"
    assert paths.processed_file("population", ".meta.json").name == "population.meta.json"
