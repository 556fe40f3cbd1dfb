"""A refused notebook parameter, told in the notebook's language (JupyterLab, not the runner).

The report runner refuses bad parameters before a kernel starts (exit 2, English messages for the
log). In JupyterLab the same check runs in the notebook's validation cell
(:func:`helpers.parameters.check`) and raises :class:`helpers.parameters.ParameterError`; IPython
shows an exception through its ``_render_traceback_()`` method when it has one, so the reader sees
the lines :func:`render` returns — one short message in the notebook's language (its ``language``
parameter, Turkish by default), naming each parameter, the value given and what is allowed —
instead of a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from helpers import parameters as _parameters
from helpers import text as _text


def _expected(dom: "_parameters.Domain", lang: str) -> str:
    if dom.choices is not None:
        return _text.t("parameters.expected.choices", lang, values=", ".join(repr(c) for c in dom.choices))
    if dom.kind:
        return _text.t(f"parameters.expected.{dom.kind}", lang)
    if dom.minimum is not None and dom.maximum is not None:
        return _text.t("parameters.expected.range", lang, low=f"{dom.minimum:g}", high=f"{dom.maximum:g}")
    return _text.t(f"parameters.expected.type.{dom.type.__name__}", lang)


def _suggestion(dom: "_parameters.Domain", value: Any, lang: str) -> str:
    """For a province: the resolver's nearest names ("Trabzon (61)"), as " Belki: …" / " Did you mean …"."""
    if dom.kind != "province":
        return ""
    from helpers import provinces
    try:
        provinces.resolve(value)
    except ValueError as exc:
        names = re.findall(r"([^\s,;:'\"?]+(?: [^\s,;:'\"?]+)? \(\d{1,2}\))", str(exc).rsplit("did you mean", 1)[-1])
        if "did you mean" in str(exc) and names:
            return " " + _text.t("parameters.did_you_mean", lang, names=", ".join(names))
    return ""


def _language(params: Mapping[str, Any]) -> str:
    lang = params.get("language")
    return lang.strip().lower() if isinstance(lang, str) and lang.strip().lower() in _text.LANGUAGES else "tr"


def problems(params: Mapping[str, Any], notebook: str = "", lang: str | None = None) -> list[str]:
    """Each problem of ``params`` as one sentence in ``lang`` (default: the ``language`` parameter)."""
    lang = lang or _language(params)
    out = []
    for name, value in params.items():
        dom = _parameters.domain(name, notebook)
        if dom is not None and _parameters._problem(name, value, dom, ""):
            out.append(_text.t("parameters.invalid", lang, name=name, value=repr(value), expected=_expected(dom, lang))
                       + _suggestion(dom, value, lang))
    for english in _parameters._cross_problems(params, ""):
        m = re.match(r"start_year (\d+) must be before the end year (\d+)", english)
        if m:
            out.append(_text.t("parameters.order", lang, start=m[1], end=m[2]))
        elif "NUTS2" in english:
            out.append(_text.t("parameters.nuts2_alone", lang, province=str(params.get("province"))))
        else:
            out.append(english)
    return out


def render(error: "_parameters.ParameterError") -> list[str]:
    """The lines IPython shows for ``error`` (see the module docstring)."""
    params = getattr(error, "params", None) or {}
    lang = _language(params)
    found = problems(params, getattr(error, "notebook", ""), lang) if params else []
    body = found or [str(error)]
    return [_text.t("parameters.heading", lang), *(f"  • {p}" for p in body), _text.t("parameters.hint", lang)]
