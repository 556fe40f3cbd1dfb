"""Issue 16: integrity from raw file to report. Each test names the case of the issue's "Why" it
reproduces (docs/reliability.md, "Integrity" lists them with their behaviour)."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import basis, datasets, environment, exceptions, parameters, paths, pipeline, provenance, report
from helpers.runner import cli, plan
from helpers.sources import tim
from tool_loader import load_tool

TIM_2023 = "tim/2023-12-iller-bazinda-sektor-rakamlari.xlsx"


# --- case 1: provenance that cannot be lost ------------------------------------------------------

def test_the_shipped_manifest_matches_the_files():
    """The committed manifest lists every shipped raw file and sidecar, with their bytes' sha256."""
    assert provenance.read_manifest() == provenance.manifest_entries()
    assert provenance.check_all(digests=cli.raw_checksums()) == []


@pytest.fixture()
def raw(tmp_path, monkeypatch):
    """A raw folder holding one shipped TİM release, its sidecar and their manifest."""
    root = tmp_path / "raw"
    (root / "tim").mkdir(parents=True)
    for rel in (TIM_2023, TIM_2023 + ".meta.yml"):
        shutil.copy2(paths.RAW / rel, root / rel)
    provenance.write_manifest(root)
    monkeypatch.setattr(paths, "RAW", root)
    monkeypatch.setattr(paths, "RAW_TIM", root / "tim")
    return root


def test_case1_edited_shipped_file_with_its_sidecar_deleted_is_stopped_and_named(raw):
    f = raw / TIM_2023
    f.write_bytes(f.read_bytes() + b"\0")
    provenance.sidecar_path(f).unlink()
    with pytest.raises(provenance.ProvenanceError) as err:
        tim.accept([f])
    assert f"git checkout -- " in str(err.value) and "2023-12-iller-bazinda-sektor-rakamlari.xlsx" in str(err.value)
    assert not provenance.sidecar_path(f).exists()  # never recreated
    with pytest.raises(provenance.ProvenanceError, match=r"bytes differ .* git checkout -- "):
        provenance.check_input(f)
    assert exceptions.exit_status(err.value) == 1
    problems = provenance.check_all()
    assert problems and not isinstance(problems[0], provenance.UserFileRefused)


def test_case1_edited_sidecar_of_a_shipped_file_is_named(raw):
    side = provenance.sidecar_path(raw / TIM_2023)
    side.write_text(side.read_text(encoding="utf-8").replace("TİM (", "Someone ("), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match=r"sidecar of a shipped raw file was edited.*git checkout"):
        provenance.check_input(raw / TIM_2023)


def test_case1_a_users_file_needs_the_users_sidecar(raw):
    mine = raw / "tim" / "2024-12-iller-bazinda-sektor-rakamlari.xlsx"
    shutil.copy2(raw / TIM_2023, mine)
    with pytest.raises(provenance.UserFileRefused, match=r"no provenance sidecar.*template.*check-raw") as err:
        tim.accept([mine])
    assert exceptions.exit_status(err.value) == 2
    assert not provenance.sidecar_path(mine).exists()
    template = provenance.sidecar_template(mine)
    provenance.sidecar_path(mine).write_text(template, encoding="utf-8")
    with pytest.raises(provenance.UserFileRefused, match="FILL IN"):
        provenance.check_input(mine)
    meta = yaml.safe_load(template)
    meta.update(title="TİM 2024", producer="TİM", obtained_from="tim.org.tr, downloaded by me",
                date_accessed="2026-12-06", licence="cite TİM")
    provenance.sidecar_path(mine).write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    assert tim.accept([mine]) == [mine]
    assert not provenance.is_shipped(mine) and provenance.is_shipped(raw / TIM_2023)
    assert load_tool("raw_manifest").main(["check"]) == 0


def test_case1_user_supplied_data_is_never_called_official(monkeypatch):
    monkeypatch.setattr(datasets, "user_supplied", lambda name: ["data/raw/tim/mine.xlsx"])
    assert "(resmi)" not in basis.EXPORTS.title("tr") and "(official)" not in basis.EXPORTS.title("en")
    assert "kullanıcının eklediği" in basis.EXPORTS.title("tr")
    if pipeline.read_meta("exports_tim") is None:
        pytest.skip("exports_tim not built")
    monkeypatch.setattr(provenance, "read_manifest", lambda root=None: {})
    status = report.data_sources(["exports_tim"], "tr")["status"]
    assert set(status) == {"kullanıcının eklediği dosya (doğrulanmadı)"}


# --- case 6: nothing under data/raw/ is written by the workbook -----------------------------------

def test_case6_no_module_writes_under_data_raw():
    """Only the maintainers' tools write raw files and sidecars (tools/bundle_raw.py, make_sample via
    helpers.sample, tools/raw_manifest.py write); no reader, pipeline or runner module does."""
    allowed = {"provenance.py", "sample.py"}
    offenders = []
    for py in (paths.ROOT / "src" / "helpers").rglob("*.py"):
        if py.name in allowed:
            continue
        src = py.read_text(encoding="utf-8")
        if re.search(r"provenance\.write_(sidecar|manifest)\(|ensure_sidecar", src):
            offenders.append(py.name)
    assert offenders == []


# --- case 2: processed tables verified on read ---------------------------------------------------

@pytest.fixture()
def toy(tmp_path, monkeypatch):
    raw_file = tmp_path / "raw" / "toy.csv"
    raw_file.parent.mkdir()
    raw_file.write_text("plate,value\n19,10\n61,20\n", encoding="utf-8")
    spec = pipeline.TableSpec("toy", "test", "toy table", lambda: [raw_file], lambda inputs: pd.read_csv(inputs[0]))
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    monkeypatch.setattr(pipeline, "specs", lambda: {"toy": spec})
    monkeypatch.setattr(pipeline.provenance, "check_inputs", lambda files, digests=None, root=None: {})
    monkeypatch.setattr(pipeline.provenance, "is_shipped", lambda p, manifest=None, root=None: True)
    datasets._read.cache_clear()
    assert datasets.load("toy")["value"].tolist() == [10, 20]
    return tmp_path / "processed" / "toy.parquet"


def _multiply(path: Path) -> None:
    df = pd.read_parquet(path)
    df["value"] = df["value"] * 1000  # same schema, other numbers
    df.to_parquet(path)


def test_case2_an_edited_table_is_refused_without_build_and_rebuilt_with_it(toy):
    _multiply(toy)
    with pytest.raises(pipeline.TableContentError, match=r"processed table 'toy': toy\.parquet was changed"):
        datasets.load("toy", build=False)
    with pytest.warns(pipeline.ContentWarning, match="rebuilt from the raw files"):
        assert datasets.load("toy")["value"].tolist() == [10, 20]
    assert pipeline.content_problem("toy") == ""


def test_case2_report_reuse_keys_on_the_verified_content(toy, monkeypatch):
    monkeypatch.setattr(paths, "CONFIG", toy.parent / "no-config")
    monkeypatch.setattr(paths, "STAKEHOLDERS", toy.parent / "no-stakeholders")
    before = cli.analysis_inputs()
    assert before["processed/toy.parquet"] == pipeline.read_meta("toy")["content_sha256"]
    assert cli.changed_tables() == []
    _multiply(toy)
    assert cli.changed_tables() == ["toy"]  # the cleaning's reuse key changes: it runs and rebuilds it
    with pytest.raises(pipeline.TableContentError, match="'toy'") as err:
        cli.analysis_inputs()  # an edited table is never reused silently
    assert exceptions.exit_status(err.value) == 1


def test_case2_runner_stops_on_an_edited_table_with_skip_cleaning(toy, tmp_path, capsys):
    from runner.nbfixtures import fixture_set

    _multiply(toy)
    nb = fixture_set(tmp_path / "nb")
    status = cli.main(["--reports-dir", str(tmp_path / "reports"), "--notebooks-dir", str(nb), "--progress", "log",
                       "--provinces", "61", "--skip-cleaning", "--no-zygote"])
    assert status == 1
    assert "processed table 'toy'" in capsys.readouterr().err
    assert not (tmp_path / "reports" / "latest").exists()


# --- case 3: --year against the years of the run's basis -----------------------------------------

def _years(data: str) -> list[int]:
    return [2009, 2011, 2013] if data == "sgk" else [2006, *range(2010, 2024)]


def test_case3_year_selects_the_years_of_the_exports_basis(monkeypatch):
    monkeypatch.setattr(parameters, "basis_name", lambda value: "exports" if value in ("auto", "exports") else None)
    the_plan = plan.make_plan(["Çorum"], year=2023, cleaning=False)
    by_nb = {t.notebook: t.parameters for t in the_plan.tasks}
    assert by_nb["03_criteria_evaluation"]["year"] == 2023
    assert by_nb["02_economic_analysis"]["export_year"] == 2023 and "end_year" not in by_nb["02_economic_analysis"]
    plan.adapt_years(the_plan, _years)  # not refused
    with pytest.raises(plan.PlanError, match=r"year 2005 is not in the TİM export data \(basis 'exports'\); years present: 2006, 2010"):
        plan.adapt_years(plan.make_plan(["Çorum"], year=2005, cleaning=False), _years)


@pytest.mark.parametrize("value", ["2023.0", "2_023", "٢٠٢٣", " 2023", "1e3", "23"])
def test_case3_a_year_python_would_guess_at_is_refused(value, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.parse_args(["--year", value])
    assert exc.value.code == 2


@pytest.mark.parametrize("yml, expected", [
    ("03_criteria_evaluation:\n  top_k: 0x5\n", "would be read as the number 5"),
    ("03_criteria_evaluation:\n  year: 2_023\n", "would be read as the number 2023"),
    ("01_data_cleaning:\n  force: yes\n", "would be read as a true/false value"),
    ("03_criteria_evaluation:\n  year: 2023-01-01\n", "would be read as a date"),
])
def test_case3_params_file_guesses_are_refused(tmp_path, yml, expected):
    f = tmp_path / "run.yml"
    f.write_text(yml, encoding="utf-8")
    with pytest.raises(plan.PlanError, match=expected):
        plan.load_params_file(f)


# --- case 4: the criteria file validated before any kernel ---------------------------------------

def _criteria_with_weights(tmp_path: Path, scale: float) -> Path:
    data = yaml.safe_load((paths.CONFIG / "criteria.yml").read_text(encoding="utf-8"))
    first = next(iter(data["headings"]))
    data["headings"][first]["weight"] = round(data["headings"][first]["weight"] + scale, 6)
    out = tmp_path / "criteria_bad.yml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


@pytest.mark.parametrize("which", ["passwd", "weights"])
def test_case4_bad_criteria_file_is_refused_before_any_kernel(tmp_path, capsys, which):
    path = "/etc/passwd" if which == "passwd" else str(_criteria_with_weights(tmp_path, 0.1))
    if which == "passwd" and not Path(path).exists():
        pytest.skip("no /etc/passwd here")
    run_yml = tmp_path / "run.yml"
    run_yml.write_text(f"03_criteria_evaluation:\n  criteria_file: {path}\n", encoding="utf-8")
    status = cli.main(["--reports-dir", str(tmp_path / "reports"), "--progress", "log", "--provinces", "61",
                       "--params", str(run_yml), "--skip-cleaning"])
    err = capsys.readouterr().err
    assert status == 2 and "criteria_file" in err and "not a valid criteria file" in err
    assert not (tmp_path / "reports").exists()


# --- case 5: the environment verifies itself -----------------------------------------------------

def test_case5_environment_matches_the_pins():
    assert environment.problems() == []
    assert environment.kernel_problem(plan.KERNEL_NAME) == ""


def test_case5_a_missing_package_is_named_and_the_runner_exits_4(monkeypatch, tmp_path, capsys):
    real = environment.installed()
    monkeypatch.setattr(environment, "installed", lambda: {k: v for k, v in real.items() if k != "openpyxl"})
    assert environment.problems() == ["openpyxl is not installed (pinned ==3.1.5)"]
    assert cli.main(["--reports-dir", str(tmp_path / "reports"), "--provinces", "61"]) == 4
    assert "openpyxl is not installed" in capsys.readouterr().err
    assert not (tmp_path / "reports").exists()


def test_case5_a_kernel_of_another_interpreter_is_refused(monkeypatch):
    assert environment._same_python(Path(sys.executable), Path(sys.executable))
    assert not environment._same_python(Path("/usr/bin/python3"), Path(sys.prefix) / "bin" / "python")
    assert environment.satisfies("3.12.1", ">=3.11,<3.13") and not environment.satisfies("3.1.4", "==3.1.5")


def test_case5_bootstrap_repairs_or_exits_4_in_one_line(monkeypatch, capsys):
    boot = load_tool("bootstrap")
    monkeypatch.setattr(boot, "ensure_env", lambda: None)
    monkeypatch.setattr(boot, "env_problems", lambda extras=(): ["openpyxl is not installed (pinned ==3.1.5)"])

    def offline(cmd, **kw):
        raise subprocess.CalledProcessError(1, cmd)

    monkeypatch.setattr(boot, "run", offline)
    assert boot.main(["setup"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "openpyxl is not installed" in err[0]
    calls = []
    monkeypatch.setattr(boot, "run", lambda cmd, **kw: calls.append(cmd))
    fixed = iter([["openpyxl is not installed (pinned ==3.1.5)"], []])
    monkeypatch.setattr(boot, "env_problems", lambda extras=(): next(fixed))
    assert boot.main(["setup"]) == 0
    assert any("openpyxl==3.1.5" in map(str, c) for c in calls)  # reinstalled


def test_case5_the_real_env_check_is_fast_and_clean():
    done = subprocess.run([sys.executable, "-I", str(environment.__file__)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout


# --- case 7: silent readings of stakeholder sheets and parameters --------------------------------

def test_case7_cleaning_parameters_are_checked_with_skip_cleaning(tmp_path):
    from runner.nbfixtures import fixture_set

    nb = fixture_set(tmp_path / "nb")
    with pytest.raises(plan.PlanError, match=r"'sources' = 'nope': unknown table"):
        plan.make_plan(["61"], notebooks_dir=nb, cleaning=False, params={"01_data_cleaning": {"sources": "nope"}})


def test_case7_a_formula_in_a_score_cell_is_reported_as_a_formula(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent / "criteria"))
    try:
        from criteria_toys import SHIPPED_CONFIG, make_table
    finally:
        sys.path.pop(0)
    from openpyxl import load_workbook

    from helpers import criteria as cr
    from helpers import stakeholders as sk

    cfg = cr.load_criteria(SHIPPED_CONFIG)
    short = cr.evaluate(make_table(n=8, seed=0), cfg).top(4)
    path = sk.write_sheet(tmp_path / "oda.xlsx", "Trabzon", short, cfg)
    wb = load_workbook(path)
    ws = wb[sk.SCORING_SHEET]
    ws.cell(row=sk.FIELDS["respondent"][0], column=sk.FIELD_COL, value="A. Yılmaz")
    ws.cell(row=sk.FIELDS["organisation"][0], column=sk.FIELD_COL, value="TSO")
    first_item = len(sk.FIXED_COLUMNS) + 1
    for i in range(len(short)):
        for j in range(len(cfg.qualitative_items)):
            ws.cell(row=sk.FIRST_DATA_ROW + i, column=first_item + j, value=3)
    cell = ws.cell(row=sk.FIRST_DATA_ROW, column=first_item)
    cell.value = "=1+1"
    wb.save(path)
    with pytest.raises(sk.StakeholderSheetError) as err:
        sk.read_sheets(tmp_path, cfg, short)
    msg = str(err.value)
    assert f"cell {cell.coordinate}: value '=1+1'; a formula, not a score" in msg and "type the value" in msg
    assert "missing score" not in msg


# --- the exceptions module: one base per kind, one mapping ---------------------------------------

def test_errors_have_a_kind_and_keep_their_old_bases():
    from helpers import criteria, stakeholders  # noqa: F401

    assert issubclass(plan.PlanError, exceptions.InputRefused) and issubclass(plan.PlanError, ValueError)
    assert issubclass(parameters.ParameterError, exceptions.InputRefused)
    assert issubclass(provenance.ProvenanceError, exceptions.DataBroken) and issubclass(provenance.ProvenanceError,
                                                                                       ValueError)
    assert issubclass(provenance.UserFileRefused, exceptions.InputRefused)
    assert issubclass(datasets.ProcessedTableError, exceptions.DataBroken)
    assert issubclass(pipeline.TableContentError, OSError)
    assert exceptions.exit_status(plan.PlanError("x")) == 2
    assert exceptions.exit_status(pipeline.TableContentError("x")) == 1
    assert exceptions.exit_status(exceptions.EnvironmentBroken("x")) == 4
    assert exceptions.exit_status(RuntimeError("x")) == 1
    assert argparse  # (imported for parse_args refusals above)
