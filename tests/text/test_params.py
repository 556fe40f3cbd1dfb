"""A refused parameter in JupyterLab: one short message in the notebook's language, no traceback."""

from __future__ import annotations

import pytest

from helpers import parameters
from helpers.text import params as text_params


def _error(**params) -> parameters.ParameterError:
    with pytest.raises(parameters.ParameterError) as info:
        parameters.check(params, notebook="02_economic_analysis")
    return info.value


def test_a_refused_parameter_is_told_in_turkish_by_default():
    lines = _error(measure="kişi", reference="TR", language="tr")._render_traceback_()
    assert lines[0].startswith("Parametre hatası") and "measure = 'kişi' kabul edilmedi" in lines[1]
    assert "'insured', 'workplaces'" in lines[1] and "Traceback" not in "".join(lines) and len(lines) == 3


def test_the_message_follows_the_language_parameter():
    lines = _error(start_year=2013, end_year=2009, language="en")._render_traceback_()
    assert lines[0].startswith("Parameter error") and "start year (2013) must come before the end year (2009)" in lines[1]


def test_an_invalid_language_falls_back_to_turkish():
    lines = _error(language="de")._render_traceback_()
    assert lines[0].startswith("Parametre hatası") and "language = 'de'" in lines[1]


def test_the_runner_message_stays_english_and_complete():
    err = _error(measure="x", language="tr")
    assert "parameter 'measure' = 'x' is not allowed" in str(err)  # the runner's log and exit 2 are unchanged


def test_ipython_shows_the_short_message_instead_of_a_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell
    import sys
    hooks = sys.displayhook, sys.excepthook
    shell = InteractiveShell.instance()
    try:
        shell.run_cell("from helpers import parameters\n"
                       "parameters.check(dict(top_k=0, language='tr'), notebook='03_criteria_evaluation')")
        out = capsys.readouterr()
    finally:  # no shell left behind for the other tests (IPython.display would publish to it)
        InteractiveShell.clear_instance()
        sys.displayhook, sys.excepthook = hooks
    shown = out.out + out.err
    assert "Parametre hatası" in shown and "top_k = 0 kabul edilmedi" in shown
    assert "Traceback" not in shown and "parameters.py" not in shown
