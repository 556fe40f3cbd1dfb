"""What every notebook parameter may be: one declarative table, checked before any kernel starts.

The report runner (:mod:`helpers.runner.plan`) checks each notebook's parameters against
:data:`DOMAINS` before it starts a kernel (a refusal exits with status 2 and names the allowed
values); a notebook opened in JupyterLab can make the same check with one call after its
``parameters`` cell::

    parameters.check({"province": province, "year": year, "top_k": top_k, ...}, notebook="03_criteria_evaluation")

A domain applies to a parameter of that name in any notebook that declares it (``year`` means the
same everywhere); :data:`NOTEBOOK_DOMAINS` overrides it for one notebook. To add a parameter, add
one line to the table: its type, and its allowed values (``choices``), range (``minimum``,
``maximum``) or kind of value (``kind``: ``"year"``, ``"file"``, ``"folder"``, ``"tables"``,
``"province"``). Years are also checked against the data present (:func:`check_years`), once the
processed tables exist.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpers import paths
from helpers.exceptions import InputRefused


class ParameterError(InputRefused):
    """A parameter value is outside its domain (the message names the value and the allowed ones).

    Raised by :func:`check` it carries the parameters; in JupyterLab IPython then shows one short
    message in the notebook's language instead of a traceback (``_render_traceback_``,
    :mod:`helpers.text.params`)."""

    def __init__(self, message: str, params: Mapping[str, Any] | None = None, notebook: str = "") -> None:
        super().__init__(message)
        self.params, self.notebook = dict(params or {}), notebook

    def _render_traceback_(self) -> list[str]:
        from helpers.text.params import render
        return render(self)


@dataclass(frozen=True)
class Domain:
    """The values one parameter may take."""

    type: type
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    kind: str = ""           # "year", "file", "folder", "tables", "province", "output" (checked by kind)
    empty_ok: bool = False   # "" is a valid value (meaning "the default", e.g. stakeholder_dir)
    doc: str = ""

    def describe(self) -> str:
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "year":
            return f"a year {YEAR_MIN}–{YEAR_MAX}, or 0 for the latest year with data"
        if self.minimum is not None or self.maximum is not None:
            lo = "" if self.minimum is None else f"≥ {self.minimum:g}"
            hi = "" if self.maximum is None else f"≤ {self.maximum:g}"
            return f"an {self.type.__name__} " + " and ".join(x for x in (lo, hi) if x)
        return self.doc or f"a {self.type.__name__}"


YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR = Domain(int, kind="year", doc="a year present in the data, or 0 for the latest year with data")

#: Parameter name → domain, the same in every notebook that declares the parameter.
DOMAINS: dict[str, Domain] = {
    "province": Domain(str, kind="province", doc="a province name, plate code, NUTS-3 or ISO code"),
    "sources": Domain(str, kind="tables", doc="'all' or a comma-separated list of processed table names"),
    "force": Domain(bool),
    "year": YEAR,
    "start_year": YEAR,
    "end_year": YEAR,
    "export_year": YEAR,
    "export_start_year": YEAR,
    "measure": Domain(str, choices=("insured", "workplaces")),
    "reference": Domain(str, choices=("TR", "NUTS2")),
    "method": Domain(str, choices=("weighted_sum", "topsis", "promethee")),
    "top_k": Domain(int, minimum=1, maximum=99, doc="size of the shortlist"),
    "criteria_file": Domain(str, kind="file", doc="a criteria YAML file (relative to the repository)"),
    "stakeholder_dir": Domain(str, kind="folder", empty_ok=True,
                              doc="an existing folder of stakeholder sheets, or '' for the default"),
    "language": Domain(str, choices=("tr", "en")),
    "scores_path": Domain(str, kind="output", empty_ok=True,
                          doc="an .xlsx file to write (its folder is created), or '' to write none"),
    "basis": Domain(str, choices=("auto", "exports", "employment", "sample")),  # = helpers.basis.BASES (tested)
    # notebook 04_follow_up (helpers.follow_up)
    "selection_year": Domain(int, kind="year", minimum=YEAR_MIN, maximum=YEAR_MAX,
                             doc="the year the sectors were chosen, a year of the TİM exports data"),
    "sectors": Domain(list, kind="sectors", doc="a non-empty list of TİM sector codes, NACE divisions or sector names"),
    "label": Domain(str, empty_ok=True, doc="a name for the selection (programme, decision), or ''"),
    "data_lag": Domain(int, minimum=0, maximum=5, doc="years between the data used and the selection"),
    "n_peers": Domain(int, minimum=1, maximum=20, doc="number of similar provinces"),
}

#: Notebook stem → {parameter: domain} where one notebook differs from :data:`DOMAINS`.
NOTEBOOK_DOMAINS: dict[str, dict[str, Domain]] = {
    # a past selection is evaluated on TİM exports: the SGK files start too late (helpers.follow_up.then)
    "04_follow_up": {"basis": Domain(str, choices=("exports",))},
}


def domain(name: str, notebook: str = "") -> Domain | None:
    """The domain of parameter ``name`` in ``notebook`` (None: no domain declared, type only)."""
    return NOTEBOOK_DOMAINS.get(notebook, {}).get(name) or DOMAINS.get(name)


def literal(text: Any) -> Any:
    """A default as papermill reports it (source text, e.g. ``'"insured"'``) → the Python value."""
    if not isinstance(text, str):
        return text
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _problem(name: str, value: Any, dom: Domain, where: str) -> str | None:
    if isinstance(value, bool) and dom.type is not bool:
        return f"{where}parameter {name!r} = {value!r} is a bool, expected {dom.describe()}"
    if dom.type is float and isinstance(value, int):
        value = float(value)
    if not isinstance(value, dom.type):
        return (f"{where}parameter {name!r} = {value!r} is {type(value).__name__}, "
                f"expected {dom.describe()}")
    if dom.empty_ok and value == "":
        return None
    if dom.choices is not None and value not in dom.choices:
        return f"{where}parameter {name!r} = {value!r} is not allowed; expected {dom.describe()}"
    if dom.minimum is not None and value < dom.minimum or dom.maximum is not None and value > dom.maximum:
        return f"{where}parameter {name!r} = {value!r} is out of range; expected {dom.describe()}"
    if dom.kind == "year" and value != 0 and not YEAR_MIN <= value <= YEAR_MAX:
        return f"{where}parameter {name!r} = {value!r} is not a year; expected {dom.describe()}"
    if dom.kind in ("file", "folder"):
        p = paths.resolve(value)
        ok = p.is_file() if dom.kind == "file" else p.is_dir()
        if not ok:
            what = "file" if dom.kind == "file" else "folder"
            state = "is not a " + what if p.exists() else "does not exist"
            return f"{where}parameter {name!r} = {value!r}: {what} {p} {state}; expected {dom.describe()}"
        if dom.kind == "file":
            try:
                p.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                return f"{where}parameter {name!r} = {value!r}: {p} is not UTF-8 text ({exc.reason} at byte {exc.start})"
            except OSError as exc:
                return f"{where}parameter {name!r} = {value!r}: cannot read {p} ({exc.strerror})"
    if dom.kind == "output" and (not value.lower().endswith(".xlsx") or paths.resolve(value).is_dir()):
        return f"{where}parameter {name!r} = {value!r}: expected {dom.describe()}"
    if dom.kind == "tables":
        from helpers import pipeline

        known = sorted(pipeline.specs())
        words = [w.strip() for w in value.split(",") if w.strip()]
        unknown = [w for w in words if w not in known] if words != ["all"] else []
        if not words or unknown:
            return (f"{where}parameter {name!r} = {value!r}: unknown table(s) {', '.join(unknown) or '(none given)'}; "
                    f"expected 'all' or some of {', '.join(known)}")
    if dom.kind == "sectors":
        from helpers import follow_up

        try:
            follow_up.resolve_sectors(value, where=f"parameter {name!r}")
        except ValueError as exc:
            return f"{where}{exc}"
    if dom.kind == "province":
        from helpers import provinces

        try:
            provinces.resolve(value)
        except ValueError as exc:
            return f"{where}parameter {name!r}: {exc}"
    return None


def problems(params: Mapping[str, Any], notebook: str = "") -> list[str]:
    """Every problem of ``params`` (values as the notebook would see them), one sentence each."""
    where = f"{notebook}: " if notebook else ""
    out = []
    for name, value in params.items():
        dom = domain(name, notebook)
        if dom is not None:
            msg = _problem(name, value, dom, where)
            if msg:
                out.append(msg)
    out.extend(_cross_problems(params, where))
    out.extend(_criteria_problems(params, where))
    return out


def basis_name(value: Any) -> str | None:
    """The basis (``"exports"`` or ``"employment"``) a ``basis`` parameter value resolves to in this
    clone (``"auto"``: employment when official SGK files were added, exports otherwise); None when
    the value is refused (its own check names why)."""
    from helpers import basis

    try:
        return basis.choose(value)[0].name
    except ValueError:
        return None


def _criteria_problems(params: Mapping[str, Any], where: str) -> list[str]:
    """The criteria file parsed and validated for the basis the notebook will use, before any kernel
    (through :func:`helpers.criteria.load_criteria`, the one validating entry point)."""
    value = params.get("criteria_file")
    if not isinstance(value, str) or not paths.resolve(value).is_file():
        return []  # its domain check names the problem
    name = basis_name(params.get("basis", "auto")) if "basis" in params else "employment"
    if name is None:
        return []
    path = paths.resolve(value)
    st = path.stat()
    problem = _criteria_problem(str(path), st.st_size, st.st_mtime_ns, name)
    return [f"{where}parameter 'criteria_file' = {value!r}: {problem}"] if problem else []


@functools.lru_cache(maxsize=16)
def _criteria_problem(path: str, size: int, mtime_ns: int, basis: str) -> str:
    from helpers import criteria

    try:
        criteria.load_criteria(path, basis=basis)
    except (criteria.CriteriaConfigError, ValueError, TypeError, OSError) as exc:
        return f"not a valid criteria file for the {basis} basis: {exc}"
    return ""


def _cross_problems(params: Mapping[str, Any], where: str) -> list[str]:
    """Rules between parameters: the years' order, the NUTS-2 benchmark of a one-province region."""
    out = []
    end = params.get("end_year", params.get("year"))
    start = params.get("start_year")
    if isinstance(start, int) and isinstance(end, int) and start and end and start >= end:
        out.append(f"{where}start_year {start} must be before the end year {end}")
    chosen = params.get("selection_year")
    if isinstance(chosen, int) and isinstance(end, int) and chosen and end and chosen >= end:
        out.append(f"{where}end_year {end} must be after selection_year {chosen}")
    if params.get("reference") == "NUTS2" and isinstance(params.get("province"), str):
        from helpers import indicators, provinces

        try:
            plate = provinces.resolve(params["province"])
        except ValueError:
            return out
        alone = indicators.single_region_groups(provinces.nuts_mapping(2))
        if plate in alone.values():
            code = next(g for g, p in alone.items() if p == plate)
            out.append(f"{where}reference 'NUTS2' is meaningless for {provinces.name(plate)}: it is the NUTS-2 "
                       f"region {code} on its own, so every LQ would be 1; use reference 'TR'")
    return out


def check(params: Mapping[str, Any], notebook: str = "") -> None:
    """Raise :class:`ParameterError` listing every problem of ``params`` (nothing when all are valid)."""
    found = problems(params, notebook)
    if found:
        raise ParameterError("; ".join(found), params, notebook)


# --- years against the data present ------------------------------------------------------------

YEAR_PARAMS = ("start_year", "end_year", "year")


def year_groups(params: Mapping[str, Any]) -> list[tuple[str | None, str | None, str]]:
    """Which year parameters of a notebook draw on which data: ``(end name, start name, data)``.

    ``data`` is ``"sgk"`` (the employment table, official or sample, as notebook 02's SGK section
    reads it) or a basis name (:data:`helpers.basis.BASES`): notebook 03's ``year``/``start_year``
    are years of its ``basis`` (TİM years on the exports basis), notebook 02's
    ``export_year``/``export_start_year`` are TİM years.
    """
    groups: list[tuple[str | None, str | None, str]] = []
    end_name = "end_year" if "end_year" in params else "year" if "year" in params else None
    start_name = ("start_year" if "start_year" in params else "selection_year" if "selection_year" in params
                  else None)
    if end_name or start_name:
        groups.append((end_name, start_name, params["basis"] if "basis" in params else "sgk"))
    if "export_year" in params or "export_start_year" in params:
        groups.append(("export_year" if "export_year" in params else None,
                       "export_start_year" if "export_start_year" in params else None, "exports"))
    return groups


DATA_NAMES = {"sgk": "the employment data", "employment": "the employment data", "sample": "the employment data",
              "exports": "the TİM export data", "auto": "the data of the basis"}


def data_name(data: str) -> str:
    """The data a group of year parameters reads, named with the basis for a basis name:
    ``"auto"`` → "the TİM export data (basis 'auto': TİM exports, no official SGK files)"."""
    if data in ("sgk", "sample"):
        return DATA_NAMES[data]
    if data == "exports":
        return "the TİM export data (basis 'exports')"
    resolved = basis_name(data) if data in ("auto", "employment") else None
    if data == "auto" and resolved:
        why = "TİM exports, no official SGK files added" if resolved == "exports" else "official SGK files"
        return f"the {'TİM export' if resolved == 'exports' else 'employment'} data (basis 'auto': {why})"
    return DATA_NAMES.get(data, f"the {data} data") + (f" (basis {data!r})" if data == "employment" else "")


def check_years(params: Mapping[str, Any], years: Sequence[int], notebook: str = "",
                adapt: Sequence[str] = (), end_name: str | None = "", start_name: str | None = "start_year",
                data: str = "sgk") -> tuple[dict[str, Any], list[str]]:
    """Check the year parameters against ``years`` (the years present in the data).

    Parameters named in ``adapt`` (the ones the user did not set: notebook defaults) are moved to
    the years present instead of refused: the end year to the latest year, the start year to the
    earliest year before it. Returns ``(changes, notes)``: the adapted values and one sentence per
    adaptation; raises :class:`ParameterError` for a year the user set that is not in the data.
    """
    where = f"{notebook}: " if notebook else ""
    years = sorted(years)
    shown = ", ".join(map(str, years)) or "none"
    what = data_name(data)
    changes: dict[str, Any] = {}
    notes: list[str] = []
    errors: list[str] = []
    if end_name == "":
        end_name = "end_year" if "end_year" in params else "year" if "year" in params else None
    end = params.get(end_name) if end_name else None
    if end_name and end not in (0, None) and end not in years:
        if end_name in adapt and years:
            changes[end_name] = end = years[-1]
            notes.append(f"{where}{end_name} {params[end_name]} is not in {what}; using {end} "
                         f"(years present: {shown})")
        else:
            errors.append(f"{where}{end_name} {end} is not in {what}; years present: {shown}")
    start = params.get(start_name) if start_name else None
    if start_name and start_name in params and start not in (0, None):
        effective_end = end if end not in (0, None) else (years[-1] if years else None)
        bad = start not in years or (effective_end is not None and start >= effective_end)
        if bad and start_name in adapt:
            earlier = [y for y in years if effective_end is None or y < effective_end]
            if earlier:
                changes[start_name] = earlier[0]
                notes.append(f"{where}{start_name} {start} is not usable with {what}; using "
                             f"{earlier[0]} (years present: {shown})")
            else:
                hint = (": add another SGK yearbook to data/raw/sgk/ (see README, 'SGK')"
                        if data in ("sgk", "employment", "auto") else "")
                errors.append(f"{where}the analysis compares two years, but {what} has only {shown}{hint}")
        elif start not in years:
            errors.append(f"{where}{start_name} {start} is not in {what}; years present: {shown}")
    if errors:
        raise ParameterError("; ".join(errors))
    return changes, notes
