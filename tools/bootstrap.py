#!/usr/bin/env python3
"""Set up the project's environment if needed, then run one task in it.

    python3 tools/bootstrap.py reports [args…]   # the main job: reports for the five pilot provinces
    python3 tools/bootstrap.py test [pytest args…]
    python3 tools/bootstrap.py lab | setup | bench
    python3 tools/bootstrap.py check-raw          # raw files as shipped, or with the user's sidecar

Needs only Python ≥ 3.11 with pip and venv (no conda). Creates ``.venv`` in the repository when it
is missing, installs the pinned dependencies and the package (editable) when ``pyproject.toml``'s
pins changed since the last install (a stamp file in ``.venv`` records them), checks before every
task that the installed packages still match the pins and can be found (``src/helpers/environment.py``,
tens of milliseconds; a missing or wrong package is reinstalled, and when that fails the task stops
with status 4 and one line naming what is broken), registers the
project's Jupyter kernel (``turkiye-clusters``) inside ``.venv``, and for the tests installs headless
Chromium from Debian's packages where that is possible. Idempotent: a second run installs nothing.
Standard library only, because it runs before anything is installed.

A ``.venv`` that no longer works here (the clone was moved or copied: its scripts point to the old
folder; or its Python is gone) is recreated. The exit status of the task is passed through
unchanged (``reports``: 0 ok, 1 failed, 2 refused, 3 locked, 4 environment, 130/143 interrupted;
see ``reports --help``), which ``make`` cannot do: call this script directly from cron or systemd.
SIGINT and SIGTERM are passed on to the task. A set-up that cannot write (read-only folder, full
disk) stops with one line and status 4.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".workbook-install.json"
KERNEL_NAME = "turkiye-clusters"
KERNEL_DISPLAY = "Python (Türkiye clusters)"
STAMP_VERSION = "2"  # bump when the set-up steps below change


def log(msg: str) -> None:
    print(f"[bootstrap] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    log(" ".join(map(str, cmd)))
    subprocess.run(list(map(str, cmd)), check=True, **kw)


def wanted() -> dict:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    basis = {
        "stamp_version": STAMP_VERSION,
        "python": sys.version.split()[0],
        "dependencies": project["dependencies"],
        "optional": project.get("optional-dependencies", {}),
        "scripts": project.get("scripts", {}),
    }
    basis["hash"] = hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()
    return basis


EXIT_ENVIRONMENT = 4
ENV_CHECK = ROOT / "src" / "helpers" / "environment.py"
#: The packages' problems found by :func:`stale_reason`'s interpreter run (None: not checked since
#: the last install), so the no-op path starts .venv's Python once.
_CHECKED: list[str] | None = None


def _shebang_target(script: Path) -> Path | None:
    try:
        with open(script, "rb") as fh:
            first = fh.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    return Path(first[2:].split()[0])


def stale_reason(have: dict) -> str:
    """Why the existing .venv cannot be used here ("" when it can)."""
    if not PY.exists():
        return ""
    if have.get("root") and have["root"] != str(ROOT):
        return f"it was made for {have['root']} (the clone was moved or copied)"
    for script in (BIN / "reports", BIN / "pip"):
        target = _shebang_target(script)
        if target is not None and not target.exists():
            return f"{script.name} points to {target}, which does not exist (the clone was moved?)"
    global _CHECKED
    # one interpreter start for two checks: where 'helpers' comes from, and the packages against the
    # pins (src/helpers/environment.py, kept for verify_env)
    code = ("import importlib.util as u, os; s = u.find_spec('helpers'); print(s.origin if s else '')\n"
            f"p = {str(ENV_CHECK)!r}\n"
            "try:\n    ns = {'__name__': 'envcheck', '__file__': p}\n"
            "    exec(compile(open(p, encoding='utf-8').read(), p, 'exec'), ns)\n"
            "    [print('ENV ' + x) for x in ns['problems'](('test',))]\n"
            "except Exception as exc:\n    print('ENVFAIL ' + repr(exc))\n")
    try:
        lines = subprocess.run([str(PY), "-c", code], check=True, capture_output=True, text=True,
                               timeout=60).stdout.splitlines()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"its Python does not run ({exc})"
    out = (lines[0] if lines else "").strip()
    # a check that could not run here is run again on its own by verify_env (never a reason to recreate)
    _CHECKED = None if any(x.startswith("ENVFAIL ") for x in lines) else [x[4:] for x in lines[1:] if x.startswith("ENV ")]
    if out and not Path(out).resolve().is_relative_to((ROOT / "src").resolve()):
        return f"it runs the package from {Path(out).parent} (another copy of the repository)"
    return ""


def ensure_env() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python ≥ 3.11 is needed; this is {sys.version.split()[0]}. Run with python3.11 or newer.")
    have = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    reason = stale_reason(have)
    if reason:
        log(f"{VENV} cannot be used here: {reason}; recreating it")
        have = {}
    global _CHECKED
    if reason or not PY.exists():
        _CHECKED = None
        log(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    want = wanted()
    if have.get("hash") != want["hash"]:
        _CHECKED = None
        log("installing the pinned dependencies and the package (pins changed or first run)")
        run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"])
        run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"])
        run([PY, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME,
             "--display-name", KERNEL_DISPLAY])
        STAMP.write_text(json.dumps({**want, "root": str(ROOT)}, indent=2))
    else:
        log("environment up to date (.venv matches pyproject.toml pins)")




class EnvironmentBroken(Exception):
    """The environment is broken and could not be repaired (one line: what is broken)."""


def env_problems(extras: tuple[str, ...] = ()) -> list[str]:
    """What the environment's own check finds (installed versions against the pins, modules
    findable, the package from this clone): ``src/helpers/environment.py`` run by .venv's Python
    in isolated mode (tens of milliseconds; no pip)."""
    try:
        done = subprocess.run([str(PY), "-I", str(ENV_CHECK), *extras], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        return [f"{PY} does not run ({exc})"]
    if done.returncode not in (0, 4):
        return [f"the environment check failed ({(done.stderr.strip().splitlines() or ['?'])[-1]})"]
    return [line for line in done.stdout.splitlines() if line.strip()]


def verify_env() -> None:
    """Check the installed packages against the pins (not only the stamp file); reinstall what is
    missing or wrong once; raise :class:`EnvironmentBroken` with one line when that does not help."""
    broken = _CHECKED if _CHECKED is not None else env_problems(("test",))
    if not broken:
        return
    log(f"the environment does not match the pins: {'; '.join(broken)}; reinstalling")
    pinned = [line.split()[0] for line in broken if not line.startswith("the ")]
    want = {n.lower(): n for n in pinned}
    try:
        reqs = [r for r in wanted()["dependencies"] + wanted()["optional"].get("test", [])
                if r.split("=")[0].split(">")[0].split("<")[0].strip().lower() in want]
        if reqs:
            run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--force-reinstall",
                 "--no-deps", *reqs])
        run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"])
    except (subprocess.CalledProcessError, OSError) as exc:
        why = f"pip exited with status {exc.returncode}" if isinstance(exc, subprocess.CalledProcessError) else str(exc)
        raise EnvironmentBroken(f"{'; '.join(broken)} (the reinstall failed: {why}; its output is above)") from None
    still = env_problems(("test",))
    if still:
        raise EnvironmentBroken("; ".join(still))
    log("repaired")


def ensure_chromium() -> None:
    """Headless Chromium for the browser test, from Debian's packages where we can install them."""
    if shutil.which("chromium") or os.environ.get("WORKBOOK_SKIP_CHROMIUM"):
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        log("chromium not found and cannot be installed here (needs apt-get as root): the browser test will be skipped")
        return
    log("installing Debian's chromium for the browser test")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
                       check=True, env=env, timeout=900, stdout=subprocess.DEVNULL)
    except (subprocess.SubprocessError, OSError) as exc:
        log(f"could not install chromium ({exc}); the browser test will be skipped")


def call(cmd: list, **kw) -> int:
    """Run the task; pass SIGINT/SIGTERM on to it; return its exit status (128 + N if killed by N)."""
    import signal

    proc = subprocess.Popen(list(map(str, cmd)), **kw)

    def forward(signum, frame):
        try:
            proc.send_signal(signum)
        except OSError:
            pass

    old = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        rc = proc.wait()
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    return 128 - rc if rc < 0 else rc


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    task, rest = argv[0], argv[1:]
    try:
        ensure_env()
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"[bootstrap] cannot set up {VENV}{where}: {exc.strerror or exc}. The repository folder must be "
              "writable and have free space (about 1.5 GB for the environment).", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except subprocess.CalledProcessError as exc:
        print(f"[bootstrap] set-up step failed with status {exc.returncode}: {' '.join(map(str, exc.cmd))} "
              "(its output is above); the environment is unchanged. Retry, or `rm -rf .venv` and retry.",
              file=sys.stderr)
        return EXIT_ENVIRONMENT
    try:
        verify_env()
    except EnvironmentBroken as exc:
        print(f"[bootstrap] the environment is broken and could not be repaired: {exc}. Run `rm -rf .venv` "
              "and `python3 tools/bootstrap.py setup` (needs the package index).", file=sys.stderr)
        return EXIT_ENVIRONMENT
    env = dict(os.environ, PYTHONNOUSERSITE="1")
    if task == "check-raw":
        return call([PY, ROOT / "tools" / "raw_manifest.py", "check"], cwd=ROOT, env=env)
    if task == "setup":
        return 0
    if task == "reports":
        # the module, not the .venv/bin/reports script: a script's first line names a fixed path
        return call([PY, "-m", "helpers.runner.cli", *rest], env=env)
    if task == "test":
        ensure_chromium()
        return call([PY, "-m", "pytest", *rest], cwd=ROOT, env=env)
    if task == "lab":
        extra = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return subprocess.call([PY, "-m", "jupyter", "lab", "--ip=127.0.0.1", "--no-browser",
                                f"--ServerApp.root_dir={ROOT}",
                                f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}", *extra, *rest],
                               env=env)
    if task == "bench":
        return call([PY, ROOT / "tools" / "bench.py", *rest], cwd=ROOT, env=env)
    print(f"unknown task {task!r}; expected reports, test, lab, setup, bench or check-raw", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
