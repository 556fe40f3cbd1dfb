"""Every raw file has a valid sidecar and its checksum matches: an edited raw file fails here."""

import shutil

import pytest
import yaml

from helpers import paths, provenance

RAW_FILES = provenance.raw_files()


def test_there_are_raw_files():
    assert len(RAW_FILES) >= 17


@pytest.mark.parametrize("raw", RAW_FILES, ids=lambda p: str(p.relative_to(paths.RAW)))
def test_sidecar_valid_and_checksum_matches(raw):
    prov = provenance.verify(raw)
    assert prov.meta["sha256"] == provenance.sha256(raw)


def test_no_orphan_sidecars():
    for side in paths.RAW.rglob(f"*{provenance.SIDECAR_SUFFIX}"):
        assert side.with_name(side.name[: -len(provenance.SIDECAR_SUFFIX)]).exists(), side


def test_edited_file_is_detected(tmp_path):
    src = paths.RAW / "reference" / "nuts_regions.csv"
    copy = tmp_path / src.name
    shutil.copyfile(src, copy)
    shutil.copyfile(provenance.sidecar_path(src), provenance.sidecar_path(copy))
    provenance.verify(copy)
    with open(copy, "a", encoding="utf-8") as fh:
        fh.write("x\n")
    with pytest.raises(provenance.ProvenanceError, match="sha256 is"):
        provenance.verify(copy)


def test_missing_or_incomplete_sidecar(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a\n1\n")
    with pytest.raises(provenance.ProvenanceError, match="no provenance sidecar"):
        provenance.verify(f)
    provenance.sidecar_path(f).write_text(yaml.safe_dump({"title": "t"}))
    with pytest.raises(provenance.ProvenanceError, match="missing field"):
        provenance.verify(f)


@pytest.mark.parametrize("raw", RAW_FILES, ids=lambda p: str(p.relative_to(paths.RAW)))
def test_every_bundled_file_has_a_turkish_title(raw):
    prov = provenance.read_sidecar(raw)
    assert prov.title_in("tr") == prov.meta["title_tr"] and prov.title_in("en") == prov.meta["title"]


def test_an_empty_turkish_title_is_refused(tmp_path):
    src = paths.RAW / "reference" / "nuts_regions.csv"
    copy = tmp_path / src.name
    shutil.copyfile(src, copy)
    meta = yaml.safe_load(provenance.sidecar_path(src).read_text(encoding="utf-8"))
    provenance.sidecar_path(copy).write_text(yaml.safe_dump({**meta, "title_tr": " "}), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="field 'title_tr'"):
        provenance.read_sidecar(copy)


def test_a_sidecar_read_again_reflects_an_edit(tmp_path):
    """read_sidecar is cached by the sidecar's file signature (helpers.io.read_yaml_cached): an
    edited sidecar is read again, and a caller's change to the returned fields stays its own."""
    src = paths.RAW / "reference" / "nuts_regions.csv"
    copy = tmp_path / src.name
    shutil.copyfile(src, copy)
    side = provenance.sidecar_path(copy)
    shutil.copyfile(provenance.sidecar_path(src), side)
    first = provenance.read_sidecar(copy)
    first.meta["title"] = "changed by a caller"
    assert provenance.read_sidecar(copy).meta["title"] != "changed by a caller"
    meta = yaml.safe_load(side.read_text(encoding="utf-8"))
    side.write_text(yaml.safe_dump({**meta, "title": "An edited title"}), encoding="utf-8")
    assert provenance.read_sidecar(copy).title == "An edited title"
    side.write_text(yaml.safe_dump({**meta, "title_tr": " "}), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="field 'title_tr'"):
        provenance.read_sidecar(copy)
