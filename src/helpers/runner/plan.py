"""Validate a report run before any kernel starts: provinces, notebooks, parameters.

Parameters are checked against what each notebook declares in its ``parameters`` cell
(``papermill.inspect_notebook``): an unknown name, a missing value for a parameter without default,
or a value of the wrong type is refused with a message naming the notebook and the parameter. The
values (the given ones and the notebooks' defaults) are then checked against the one table of
parameter domains, :data:`helpers.parameters.DOMAINS` (allowed values, ranges, files and folders,
rules between parameters); years are checked against the data present by :func:`adapt_years` once
the processed tables exist, still before any province kernel starts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import papermill
import yaml

from helpers import parameters, paths, provinces, text
from helpers.exceptions import InputRefused
from helpers.io import YamlLoader, parse_yaml

CLEANING = "01_data_cleaning"
PROVINCE_NOTEBOOKS = ("02_economic_analysis", "03_criteria_evaluation")
KERNEL_NAME = "turkiye-clusters"
#: Parameters the runner sets itself, per notebook (never taken from a notebook's entry in run.yml;
#: ``language`` comes from ``--language`` or the run-wide entry of run.yml, see :func:`run_languages`).
RUNNER_PARAMS = {"province", "language"}


class PlanError(InputRefused):
    """The run cannot start: a province, a notebook or a parameter is wrong (exit status 2)."""


@dataclass(frozen=True)
class Task:
    notebook: str            # notebook stem, e.g. "02_economic_analysis"
    source: Path             # the template notebook
    parameters: dict[str, Any]
    plate: int | None        # None for the run-wide cleaning notebook
    label: str               # "61-trabzon" or "_data"
    defaults: dict[str, Any] = field(default_factory=dict, compare=False)  # the notebook's own values
    language: str = text.DEFAULT_LANGUAGE  # the language of the report
    name: str = ""           # the report's name when one notebook runs several times per province (follow-ups)

    @property
    def stem(self) -> str:
        """The output name without extension: see :func:`output_stem`."""
        return output_stem(self.name or self.notebook, self.language)

    @property
    def key(self) -> str:
        return f"{self.label}/{self.stem}"

    def fingerprint(self, inputs: dict[str, str]) -> str:
        basis = {"notebook": hashlib.sha256(self.source.read_bytes()).hexdigest(),
                 "parameters": self.parameters, "inputs": inputs}
        return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Plan:
    provinces: list[int]
    cleaning: Task | None
    tasks: list[Task] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


def output_stem(notebook: str, language: str) -> str:
    """The file name (without extension) of a report: the notebook stem for the default language
    (Turkish: ``02_economic_analysis``), the stem and the language for the others
    (``02_economic_analysis.en``). The name depends on the report's own language only, never on
    the other languages of the run, so a report keeps its path (and its "unchanged: reuse" key)
    whatever ``--language`` asks for besides it."""
    return notebook if language == text.DEFAULT_LANGUAGE else f"{notebook}.{language}"


def run_languages(option: str | None, params: dict[str, Any]) -> tuple[str, ...]:
    """The languages of a run, first one first: ``--language`` if given, else the ``language`` of
    run.yml (top level, ``language: en``, or under ``all``), else ``("tr",)``.

    ``params`` (as read by :func:`load_params_file`) loses its ``language`` entries. A ``language``
    under a single notebook is refused: the language is chosen for the whole run."""
    from_file = params.pop("language", None)
    common = params.get("all", {})
    if "language" in common:
        if from_file is not None and common["language"] != from_file:
            raise PlanError(f"parameters file: language {from_file!r} at the top level and "
                            f"{common['language']!r} under 'all'; give it once")
        from_file = common.pop("language")
    per_nb = sorted(stem for stem, v in params.items() if stem != "all" and "language" in v)
    if per_nb:
        raise PlanError(f"parameters file: 'language' under {', '.join(per_nb)}: the language is chosen for the "
                        "whole run, with --language or 'language:' under 'all' (e.g. all: {language: en}); "
                        f"allowed: {', '.join(text.LANGUAGES)} or both, 'tr,en'")
    value = option if option is not None else from_file
    if value is None:
        return (text.DEFAULT_LANGUAGE,)
    where = "--language" if option is not None else "parameters file: language"
    try:
        return text.parse_languages(value if isinstance(value, (str, list, tuple)) else [value])
    except text.LanguageError:
        raise PlanError(f"{where} {value!r} is not allowed: give {' or '.join(map(repr, text.LANGUAGES))}, or both "
                        "separated by a comma, 'tr,en' (the first is the language of the index page and of the "
                        "cleaning report)") from None


def select_provinces(spec: str | list[str] | None) -> list[int]:
    """``"pilots"`` (default), ``"all"``, or names/plate codes separated by commas or spaces.

    An empty selection (``--provinces ""``, ``","`` or the option without a value) is refused: a
    run of no province would publish an empty index.
    """
    if spec is None or spec == "pilots":
        return list(provinces.PILOT_PROVINCES)
    items = spec if isinstance(spec, list) else [spec]
    words: list[str] = []
    for item in items:
        words.extend(w.strip() for w in str(item).split(",") if w.strip())
    if not words:
        raise PlanError("--provinces selects no province; give 'pilots', 'all', or province names / plate "
                        "codes (e.g. --provinces Trabzon 55)")
    if words == ["all"]:
        return list(range(1, 82))
    if words == ["pilots"]:
        return list(provinces.PILOT_PROVINCES)
    try:
        plates = provinces.resolve_many(words, where="--provinces")
    except ValueError as exc:
        raise PlanError(str(exc)) from exc
    return list(dict.fromkeys(plates))  # unique, in the order given


def declared_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a notebook declares: name → {inferred_type_name, default, help}."""
    if not notebook.exists():
        raise PlanError(f"notebook {notebook} not found")
    params = papermill.inspect_notebook(str(notebook))
    if not params:
        raise PlanError(f"{notebook.name}: no cell tagged 'parameters' (papermill would ignore every parameter)")
    return params


_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,)}


def check_parameters(notebook: Path, given: dict[str, Any], declared: dict[str, dict] | None = None) -> None:
    declared = declared if declared is not None else declared_parameters(notebook)
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise PlanError(
            f"{notebook.name}: unknown parameter(s) {', '.join(unknown)}; it declares "
            f"{', '.join(sorted(declared))}"
        )
    for name, value in given.items():
        type_name = str(declared[name].get("inferred_type_name", "None")).split("[")[0]
        ok_types = _TYPES.get(type_name)
        if ok_types is None:
            continue
        if isinstance(value, bool) and type_name != "bool":
            ok = False
        else:
            ok = isinstance(value, ok_types)
        if not ok:
            raise PlanError(
                f"{notebook.name}: parameter {name!r} = {value!r} is {type(value).__name__}, "
                f"expected {type_name} (default {declared[name].get('default')})"
            )
    missing = [n for n, d in declared.items() if d.get("default") in (None, "None") and n not in given]
    if missing:
        raise PlanError(f"{notebook.name}: no value for parameter(s) {', '.join(missing)}")
    found = parameters.problems({**defaults_of(declared), **given}, notebook.stem)
    if found:
        raise PlanError("; ".join(found))


def defaults_of(declared: dict[str, dict]) -> dict[str, Any]:
    """The notebook's default values (papermill reports them as source text)."""
    return {n: parameters.literal(d.get("default")) for n, d in declared.items()
            if d.get("default") not in (None, "None")}


def adapt_years(the_plan: Plan, years: list[int] | None | Callable[[str], list[int] | None]) -> list[str]:
    """Check every task's years against the years present in the data they draw on.

    ``years`` is a function of the data a group of year parameters reads
    (:func:`helpers.parameters.year_groups`: ``"sgk"`` or a basis name) returning its years, or
    one list for all of them. A year the user set that is not in the data is refused
    (:class:`PlanError`); a notebook default that is not (e.g. ``start_year = 2009`` with only the
    2022 and 2023 yearbooks) is replaced by a year present, and the returned notes say so. Data
    not yet built (``None``) is not checked: the kernels report it. A year of 0 means "the latest
    year with data" and is resolved in the notebook.
    """
    years_of = years if callable(years) else (lambda _data: years)
    notes: list[str] = []
    for i, task in enumerate(the_plan.tasks):
        effective = {**task.defaults, **task.parameters}
        changes: dict[str, Any] = {}
        for end_name, start_name, data in parameters.year_groups(effective):
            present = years_of(data)
            if present is None:
                continue
            names = [n for n in (end_name, start_name) if n]
            adapt = [n for n in names if n not in task.parameters]
            try:
                found, said = parameters.check_years(effective, present, task.notebook, adapt=adapt,
                                                     end_name=end_name, start_name=start_name, data=data)
            except parameters.ParameterError as exc:
                raise PlanError(str(exc)) from exc
            changes.update(found)
            notes.extend(n for n in said if n not in notes)
        if changes:
            the_plan.tasks[i] = replace(task, parameters={**task.parameters, **changes})
    return notes


def data_years(data: str) -> list[int] | None:
    """Years present in the data a group of year parameters reads (``"sgk"`` or a basis name)."""
    if data == "sgk":
        from helpers import datasets

        return datasets.table_years("employment_sgk")
    from helpers import basis

    return basis.years(data)


def year_parameters(params: dict[str, dict[str, Any]], declared: dict[str, dict] | None = None) -> tuple[str, ...]:
    """The parameters ``--year`` sets: notebook 03's ``year`` (a year of its basis) and notebook 02's
    year of the same data, ``export_year`` when the run's basis is TİM exports (``basis`` of
    notebook 03 in the parameters file, ``"auto"`` by default: exports unless official SGK files
    were added), ``end_year`` (the SGK sector analysis) otherwise."""
    nb03 = PROVINCE_NOTEBOOKS[1]
    if declared is not None and "basis" not in declared:
        return ("year", "end_year")  # notebooks without a basis read the employment data
    default = parameters.literal((declared or {}).get("basis", {}).get("default", "'auto'"))
    wanted = params.get(nb03, {}).get("basis", params.get("all", {}).get("basis", default))
    return ("year", "export_year") if parameters.basis_name(wanted) == "exports" else ("year", "end_year")


class _StrictLoader(YamlLoader):
    """YAML without the guesses YAML 1.1 makes: ``yes``/``on`` as booleans, ``0x7E7``, ``2_023`` or
    ``0o17`` as integers, ``2023-01-01`` as a date. Such a value is refused, not read as something
    the user may not have meant."""


def _strict_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    if node.value not in ("true", "false", "True", "False", "TRUE", "FALSE"):
        raise PlanError(f"line {node.start_mark.line + 1}: {node.value!r} would be read as a true/false value; "
                        "write true or false, or quote it if you mean the text")
    return node.value.lower() == "true"


def _strict_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    import re

    if not re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", node.value):
        raise PlanError(f"line {node.start_mark.line + 1}: {node.value!r} would be read as the number "
                        f"{yaml.SafeLoader.construct_yaml_int(loader, node)}; write a plain decimal number")
    return int(node.value)


def _strict_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    raise PlanError(f"line {node.start_mark.line + 1}: {node.value!r} would be read as a date; no parameter is a "
                    "date (a year is a plain number, e.g. 2023)")


_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _strict_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _strict_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _strict_date)


def fresh_data_years(data: str) -> list[int] | None:
    """:func:`data_years` of a table the cleaning will not change (inputs as when it was built), for
    the check before the cleaning kernel; None (checked after the cleaning) for any other."""
    from helpers import pipeline

    table = "employment_sgk" if data in ("sgk", "employment", "sample") or parameters.basis_name(data) == "employment" \
        else "exports_tim"
    return data_years(data) if pipeline.is_fresh(table) else None


def load_params_file(path: Path | None) -> dict[str, dict[str, Any]]:
    """Read ``run.yml``: ``{notebook stem or "all": {param: value}}`` (strictly: see :class:`_StrictLoader`)."""
    if path is None:
        return {}
    try:
        data = parse_yaml(Path(path).read_text(encoding="utf-8"), _StrictLoader) or {}
    except PlanError as exc:
        raise PlanError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise PlanError(f"{path}: cannot read parameters file: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                        "save it as UTF-8") from exc
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"{path}: cannot read parameters file ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for k, v in data.items() if k != "language"):
        raise PlanError(f"{path}: expected a mapping of notebook name (or 'all') to a mapping of parameters "
                        "(and optionally 'language: tr', 'en' or 'tr,en')")
    known = {"all", "language", CLEANING, *PROVINCE_NOTEBOOKS}
    bad = sorted(set(data) - known)
    if bad:
        raise PlanError(f"{path}: unknown notebook(s) {', '.join(bad)}; expected {', '.join(sorted(known))}")
    return data


def follow_up_tasks(entries: list, plates: list[int], notebooks_dir: Path | None = None,
                    languages: tuple[str, ...] = (text.DEFAULT_LANGUAGE,)) -> list[Task]:
    """One ``04_follow_up`` task per entry of the follow-up file (:func:`helpers.follow_up.entries.load`)
    whose province is among ``plates``, per language, beside the province's other reports and named
    from the selection year and label (:attr:`helpers.follow_up.entries.Entry.name`)."""
    from helpers.follow_up import entries as fu

    if not entries:
        return []
    source = (notebooks_dir or paths.NOTEBOOKS) / f"{fu.NOTEBOOK}.ipynb"
    declared = declared_parameters(source)
    tasks = []
    for e in (e for e in entries if e.plate in plates):
        for lang in languages:
            p = {**e.parameters(), "province": provinces.name(e.plate), "language": lang}
            check_parameters(source, p, declared)
            tasks.append(Task(fu.NOTEBOOK, source, p, e.plate, f"{e.plate:02d}-{provinces.slug(e.plate)}",
                              defaults_of(declared), lang, name=e.name))
    return tasks


def make_plan(province_spec: str | list[str] | None = None, *, year: int | None = None,
              params: dict[str, dict[str, Any]] | None = None, notebooks_dir: Path | None = None,
              cleaning: bool = True, province_notebooks: tuple[str, ...] = PROVINCE_NOTEBOOKS,
              languages: tuple[str, ...] = (text.DEFAULT_LANGUAGE,)) -> Plan:
    """The run's tasks: the cleaning notebook once (in the first of ``languages``), and each
    province notebook once per language. ``language`` is passed only to notebooks that declare it
    (a notebook without it makes one report, in its own language, under the first language)."""
    nb_dir = notebooks_dir or paths.NOTEBOOKS
    languages = tuple(text.check_language(lang) for lang in languages) or (text.DEFAULT_LANGUAGE,)
    plates = select_provinces(province_spec)
    params = params or {}
    common = dict(params.get("all", {}))
    bad_common = sorted(set(common) & RUNNER_PARAMS)
    if bad_common or any(RUNNER_PARAMS & set(v) for v in params.values()):
        raise PlanError("'province' is set by the runner from --provinces, not in the parameters file; "
                        "'language' by --language or under 'all' (see helpers.runner.plan.run_languages)")

    def params_for(stem: str, declared: dict[str, dict]) -> dict[str, Any]:
        p = {k: v for k, v in common.items() if k in declared}
        for name in year_names:
            if name in declared:
                p[name] = year
        p.update(params.get(stem, {}))
        return p

    stems = ([CLEANING] if cleaning else []) + list(province_notebooks)
    declared = {s: declared_parameters(nb_dir / f"{s}.ipynb") for s in stems}
    year_names = year_parameters(params, declared.get(PROVINCE_NOTEBOOKS[1])) if year is not None else ()
    all_declared = set().union(*declared.values()) if declared else set()
    stray = sorted(set(common) - all_declared)
    if stray:
        raise PlanError(f"parameters file: unknown parameter(s) {', '.join(stray)} under 'all'; "
                        f"the notebooks declare {', '.join(sorted(all_declared))}")
    clean_task = None
    if not cleaning and (params.get(CLEANING) or any(k in common for k in ("sources", "force"))) \
            and (nb_dir / f"{CLEANING}.ipynb").exists():
        # --skip-cleaning: the cleaning parameters are still the user's input, checked all the same
        skipped = declared_parameters(nb_dir / f"{CLEANING}.ipynb")
        check_parameters(nb_dir / f"{CLEANING}.ipynb", params_for(CLEANING, skipped), skipped)
    if cleaning:
        cp = params_for(CLEANING, declared[CLEANING])
        if "language" in declared[CLEANING]:
            cp["language"] = languages[0]
        check_parameters(nb_dir / f"{CLEANING}.ipynb", cp, declared[CLEANING])
        clean_task = Task(CLEANING, nb_dir / f"{CLEANING}.ipynb", cp, None, "_data",
                          defaults_of(declared[CLEANING]), languages[0])
    tasks = []
    for plate in plates:
        label = f"{plate:02d}-{provinces.slug(plate)}"
        for stem in province_notebooks:
            speaks = "language" in declared[stem]
            for lang in (languages if speaks else languages[:1]):
                p = params_for(stem, declared[stem])
                p["province"] = provinces.name(plate)
                if speaks:
                    p["language"] = lang
                check_parameters(nb_dir / f"{stem}.ipynb", p, declared[stem])
                tasks.append(Task(stem, nb_dir / f"{stem}.ipynb", p, plate, label, defaults_of(declared[stem]),
                                  lang))
    return Plan(plates, clean_task, tasks, options={"languages": list(languages)})
