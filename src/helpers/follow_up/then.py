"""What the data said then: the criteria evaluation of notebook 03 on the data of the selection.

**Rule for the data year.** TİM publishes a year's exports by province × sector in the December
release of that year, and the workbook's processed figures for a year are complete only from the
following spring. A decision taken in year *S* therefore rested on the figures of *S − 1*: the
evaluation "then" uses ``data_year = selection_year - data_lag`` with ``data_lag = 1`` by default
(notebook 04's ``data_lag`` parameter; 0 reads the selection year's own figures, as if they had
been known). When that year has no data (TİM publishes no province × sector table for 2007–2009
and none is on file for 2017), the latest earlier year with data is used, and the report names it. Growth and shift-share criteria run from notebook 03's default base year before it
(five years earlier, or the nearest earlier year with data: 2006 for 2010–2011).

**Same method as notebook 03, by construction.** :func:`evaluation_then` calls exactly the public
functions notebook 03 calls for a province and year -- :func:`helpers.evaluation.province_inputs`,
:func:`helpers.criteria.load_criteria`, :func:`helpers.criteria.longlist`,
:func:`helpers.criteria.evaluate` -- with the same criteria file and method; nothing is computed
here. The rank of a chosen sector is therefore the rank notebook 03 shows for ``year = data_year``
(on the data alone: the stakeholder sheets of today are not evidence of the selection year, so no
qualitative scores enter; notebook 03 gives the same ranks when the province has no sheets).
tests/follow_up/test_follow_up.py checks the equality by running both paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers import criteria, evaluation, text
from helpers.text import formats as fmt

#: Years between the figures a selection could rest on and the selection year (see the module).
DEFAULT_DATA_LAG = 1


def data_year(selection_year: int, data_lag: int = DEFAULT_DATA_LAG, years: list[int] | None = None) -> int:
    """The year of the figures available when the selection was made: ``selection_year - data_lag``,
    or, when that year is not in the data (``years``; TİM has no 2007–2009 and no 2017 by province),
    the latest year with data before it. Raises ``ValueError`` when there is none, or when it is the
    first year of the data (the evaluation's growth criteria need an earlier year)."""
    if data_lag < 0:
        raise ValueError(f"data_lag {data_lag} must be 0 or more (years before the selection)")
    wanted = int(selection_year) - int(data_lag)
    if years is None:
        return wanted
    usable = sorted(y for y in years if y <= wanted)
    if len(usable) < 2:
        raise ValueError(f"selection year {selection_year}: the evaluation then needs the figures of {wanted} or "
                         f"an earlier year, and a year before that for growth; years present: "
                         f"{', '.join(map(str, sorted(years)))}")
    return usable[-1]


@dataclass
class EvaluationThen:
    """The evaluation of one province on the data of ``data_year`` and where the chosen sectors stood."""

    plate: int
    selection_year: int
    data_year: int
    start_year: int               # base year of growth and shift-share in the evaluation
    chosen: list[str]             # harmonised TİM codes
    inputs: evaluation.ProvinceInputs
    config: criteria.CriteriaConfig
    longlist: criteria.Longlist
    result: criteria.EvaluationResult
    method: str
    notes: list[str] = field(default_factory=list)

    @property
    def n_ranked(self) -> int:
        return len(self.result.table)

    def ranks(self) -> pd.Series:
        """Rank of each chosen sector among the long list (NaN: not on the long list)."""
        t = self.result.table.set_index(self.config.key)["rank"]
        return pd.Series({c: float(t[c]) if c in t.index else float("nan") for c in self.chosen}, name="rank")


def evaluation_then(plate: int, selection_year: int, chosen: list[str], *, data_lag: int = DEFAULT_DATA_LAG,
                    basis: str = "exports", criteria_file: str = "config/criteria.yml",
                    method: str = "weighted_sum", lang: str = "tr") -> EvaluationThen:
    """Run notebook 03's evaluation of ``plate`` on the data of ``selection_year - data_lag``.

    The one place this module touches the criteria engine: if notebook 03's calls change, only this
    function changes.

    Parameters
    ----------
    plate : province plate code
    selection_year : year the sectors were chosen
    chosen : harmonised TİM codes of the chosen sectors (:func:`helpers.follow_up.resolve_sectors`)
    data_lag : years between the data and the selection (default 1, see the module)
    basis : ``"exports"`` (the chosen sectors are TİM sectors; the SGK employment files start too
        late for past selections)
    criteria_file, method : as notebook 03's parameters
    lang : language of the labels and notes
    """
    lang = text.check_language(lang)
    from helpers.follow_up import after

    year = data_year(selection_year, data_lag, after.data_years())
    inputs = evaluation.province_inputs(plate, 0, year, basis, lang)
    config = criteria.load_criteria(evaluation.resolve_file(criteria_file), basis=inputs.basis.name)
    long_list = criteria.longlist(inputs.table, config)
    result = criteria.evaluate(long_list.kept, config, method=method, qualitative=None)
    notes = [*inputs.notes, *long_list.notes, *result.notes]
    return EvaluationThen(plate=plate, selection_year=int(selection_year), data_year=year,
                          start_year=inputs.start_year, chosen=list(chosen), inputs=inputs, config=config,
                          longlist=long_list, result=result, method=method, notes=notes)


def then_table(ev: EvaluationThen, lang: str = "tr") -> pd.DataFrame:
    """One row per chosen sector: rank of how many, total score, heading scores and the sentence
    saying which headings carried it (:func:`helpers.criteria.explain`), or why it was not ranked."""
    key = ev.config.key
    t = ev.result.table.set_index(key)
    excluded = ev.longlist.excluded.set_index(key) if key in ev.longlist.excluded.columns else pd.DataFrame()
    explained = criteria.explain(ev.result, max(ev.n_ranked, 1), lang)
    names = ev.inputs.table.set_index(key)
    rows = []
    for code in ev.chosen:
        row: dict[str, object] = {"sector": code, "name": _name(code, names, lang)}
        if code in t.index:
            r = t.loc[code]
            row.update(rank=int(r["rank"]), of=ev.n_ranked, total=float(r["total"]))
            for h in ev.config.headings:
                row[h.label_tr] = float(r[f"score_{h.key}"])
            row["reading"] = str(explained.get(code, ""))
        else:
            reason = (str(excluded.loc[code].get("reason", "")) if code in excluded.index
                      else text.t("follow_up.then.no_exports", lang))
            row.update(rank=None, of=ev.n_ranked, total=None,
                       reading=text.t("follow_up.then.not_ranked", lang, reason=reason))
        rows.append(row)
    return pd.DataFrame(rows)


def _name(code: str, names: pd.DataFrame, lang: str) -> str:
    col = f"title_{lang}"
    if code in names.index and col in names.columns and isinstance(names.loc[code, col], str):
        return names.loc[code, col]
    from helpers import basis
    return str(basis.sector_names(lang).get(code, code))


def then_reading(ev: EvaluationThen, lang: str = "tr") -> str:
    """One sentence: the data year and its rule, and where each chosen sector ranked."""
    ranks = ev.ranks()
    parts = [text.t("follow_up.then.rank_item", lang, sector=code,
                    rank=fmt.ordinal(int(r), lang) if r == r else text.t("follow_up.then.unranked", lang))
             for code, r in ranks.items()]
    return text.t("follow_up.then.reading", lang, reading=text.reading(lang), selection=fmt.year(ev.selection_year),
                  data_year=fmt.year(ev.data_year), n=fmt.count(ev.n_ranked, lang), ranks="; ".join(parts),
                  method=evaluation.method_name(ev.method, lang))
