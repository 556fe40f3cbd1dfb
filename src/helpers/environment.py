"""Does this interpreter run the project's own packages? One cheap check, shared by the runner and bootstrap.

:func:`problems` compares the installed version of every pinned dependency of ``pyproject.toml``
(the ``*.dist-info`` folders of the environment, listed once: a few milliseconds; never ``pip
check``, nor ``importlib.metadata``, whose import alone costs more) with its pin, and checks that
its top-level module can be found (``importlib.util.find_spec``, without importing it) and that the
``helpers`` package is this repository's. :func:`kernel_problem` checks that the Jupyter kernel the
runner starts runs this interpreter. Standard library only, and runnable as a script by any Python
(``tools/bootstrap.py`` runs ``.venv/bin/python src/helpers/environment.py`` before every task): it
prints one problem a line and exits 4 when something is broken, 0 otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXIT_ENVIRONMENT = 4
#: Distribution name → top-level module, where they differ.
MODULES = {"jupyter-client": "jupyter_client", "python-calamine": "python_calamine", "pyyaml": "yaml",
           "jupyterlab": "jupyterlab", "pytest": "pytest"}
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")
_SPEC = re.compile(r"^(==|>=|<=|!=|>|<|~=)\s*([0-9][0-9A-Za-z.\-]*)$")


def pins(pyproject: Path | None = None, extras: tuple[str, ...] = ()) -> dict[str, str]:
    """Distribution name → version specifier (``"==3.1.1"``, ``">=3.11,<3.13"``) from ``pyproject.toml``."""
    project = tomllib.loads((pyproject or ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project.get("optional-dependencies", {}).get(extra, [])
    out = {}
    for req in reqs:
        m = _REQ.match(req.split(";")[0])
        if m:
            out[m.group(1).lower()] = m.group(2).replace(" ", "")
    return out


def _key(version: str) -> tuple:
    parts = []
    for p in re.split(r"[.\-+]", version):
        num = re.match(r"\d+", p)
        parts.append((int(num.group()), p[num.end():]) if num else (-1, p))
    while parts and parts[-1] == (0, ""):
        parts.pop()
    return tuple(parts)


def satisfies(version: str, spec: str) -> bool:
    """True when ``version`` meets every clause of ``spec`` (``==``, ``>=``, ``<`` … on release numbers)."""
    for clause in filter(None, spec.split(",")):
        m = _SPEC.match(clause)
        if not m:
            continue  # a specifier this small check does not read: leave it to pip
        op, want = m.groups()
        a, b = _key(version), _key(want)
        ok = {"==": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b,
              "~=": a >= b and a[:max(len(b) - 1, 1)] == b[:max(len(b) - 1, 1)]}[op]
        if not ok:
            return False
    return True


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, str]:
    """Normalised distribution name → version, from the ``<name>-<version>.dist-info`` folders on
    ``sys.path`` (the first one found wins, as for imports)."""
    out: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in names:
            if n.endswith(".dist-info"):
                dist, _, version = n[:-len(".dist-info")].partition("-")
                out.setdefault(_norm(dist), version)
    return out


def problems(extras: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with this interpreter's packages, one sentence each ([] when nothing is)."""
    out = []
    have_all = installed()
    for name, spec in pins(extras=extras).items():
        have = have_all.get(_norm(name))
        if have is None:
            out.append(f"{name} is not installed (pinned {spec})")
            continue
        if spec and not satisfies(have, spec):
            out.append(f"{name} {have} is installed, the project pins {spec}")
            continue
        module = MODULES.get(name, name.replace("-", "_"))
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            out.append(f"{name} {have} is recorded as installed but its module {module!r} cannot be imported")
    spec = importlib.util.find_spec("helpers")
    if spec is None or spec.origin is None:
        out.append("the project's package 'helpers' is not installed")
    elif not Path(spec.origin).resolve().is_relative_to((ROOT / "src").resolve()):
        out.append(f"the package 'helpers' comes from {Path(spec.origin).parent}, not from {ROOT / 'src'}")
    return out


def kernel_problem(kernel_name: str) -> str:
    """Why the Jupyter kernel ``kernel_name`` would not run this interpreter ("" when it would):
    not installed, or its ``argv[0]`` another Python (another environment's packages)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as exc:
        return f"jupyter_client cannot be imported ({exc})"
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return (f"the Jupyter kernel {kernel_name!r} is not installed in this environment; run "
                "python3 tools/bootstrap.py setup")
    exe = spec.argv[0] if spec.argv else ""
    if exe in ("python", "python3", "{python}"):
        return ""  # resolved to the running interpreter by jupyter_client
    if not _same_python(Path(exe), Path(sys.executable)):
        return (f"the Jupyter kernel {kernel_name!r} runs {exe}, not this environment's {sys.executable} "
                "(other packages); run python3 tools/bootstrap.py setup")
    return ""


def _same_python(a: Path, b: Path) -> bool:
    """Same interpreter *and* same environment: a venv's python is a symlink to the system one, so
    compare the folders without resolving the last link."""
    try:
        return a.parent.resolve() == b.parent.resolve() and (a.name == b.name or a.resolve() == b.resolve())
    except OSError:
        return False


if __name__ == "__main__":
    found = problems(extras=tuple(sys.argv[1:]))
    for line in found:
        print(line)
    sys.exit(EXIT_ENVIRONMENT if found else 0)
