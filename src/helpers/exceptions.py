"""The workbook's errors, one base class per kind, so the runner maps them to exit statuses in one place.

==========================  ======  ===========================================================
base class                  status  meaning
==========================  ======  ===========================================================
:class:`InputRefused`       2       something a user set (an option, a parameter, a criteria
                                    file, a file a user added) is refused; nothing was changed
:class:`DataBroken`         1       shipped or processed data is not what it should be (a raw
                                    file's bytes, a sidecar, a processed table's content)
:class:`EnvironmentBroken`  4       the installed packages, the interpreter or the Jupyter
                                    kernel are not the project's own
==========================  ======  ===========================================================

Every error class of the package that belongs to one of these kinds derives from its base (and
keeps its older base too, e.g. :class:`ValueError`, so existing ``except`` clauses still catch it).
:func:`exit_status` is the one mapping from an exception to the runner's exit status
(``reports --help``); this module imports nothing from the package, so any module may import it.
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Base of every error of the workbook that has a kind (and so an exit status)."""

    exit_status = 1


class InputRefused(WorkbookError, ValueError):
    """A value or file a user gave is refused before anything ran (exit status 2)."""

    exit_status = 2


class DataBroken(WorkbookError):
    """Data the workbook ships or built is not what it recorded (exit status 1)."""

    exit_status = 1


class EnvironmentBroken(WorkbookError):
    """The environment (packages, interpreter, Jupyter kernel) is not the project's (exit status 4)."""

    exit_status = 4


def exit_status(exc: BaseException, default: int = 1) -> int:
    """The runner's exit status for ``exc``: its kind's status, ``default`` for anything else."""
    return exc.exit_status if isinstance(exc, WorkbookError) else default


__all__ = ["DataBroken", "EnvironmentBroken", "InputRefused", "WorkbookError", "exit_status"]
