"""helpers.io's YAML reader: libyaml when available, the same data as yaml.safe_load, and a cache
that is never stale."""

from __future__ import annotations

import os

import pytest
import yaml

from helpers import io, paths


def _package_yaml_files():
    files = sorted((paths.ROOT / "src" / "helpers" / "text" / "catalogue").glob("*.yml"))
    files.append(paths.ROOT / "config" / "criteria.yml")
    files += sorted(paths.RAW.rglob("*.meta.yml"))[:20]
    return files


def test_libyaml_is_used_when_installed():
    assert io.YamlLoader is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_same_data_as_safe_load():
    for f in _package_yaml_files():
        assert io.read_yaml(f) == yaml.safe_load(f.read_text(encoding="utf-8")), f


def test_errors_are_yaml_errors():
    with pytest.raises(yaml.YAMLError):
        io.parse_yaml("a: [1, 2\nb: 3")
    with pytest.raises(yaml.constructor.ConstructorError):
        io.parse_yaml("!!python/object:os.system {}")  # a safe loader


def test_cache_is_never_stale_and_hands_out_copies(tmp_path):
    f = tmp_path / "x.yml"
    f.write_text("a: 1\nb: [1, 2]\n", encoding="utf-8")
    first = io.read_yaml_cached(f)
    first["b"].append(3)  # a caller's change stays its own
    assert io.read_yaml_cached(f) == {"a": 1, "b": [1, 2]}
    st = f.stat()
    f.write_text("a: 2\nb: [1, 2]\n", encoding="utf-8")  # same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))    # and the same modification time
    assert io.read_yaml_cached(f) == {"a": 2, "b": [1, 2]}
    replacement = tmp_path / "y.yml"
    replacement.write_text("a: 3\nb: [1, 2]\n", encoding="utf-8")
    os.replace(replacement, f)                          # replaced (new inode)
    assert io.read_yaml_cached(f)["a"] == 3
    f.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):                 # an error is not remembered as data
        io.read_yaml_cached(f)
    f.unlink()
    with pytest.raises(FileNotFoundError):
        io.read_yaml_cached(f)
