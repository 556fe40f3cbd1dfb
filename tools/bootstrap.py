#!/usr/bin/env python3
"""Set up the project's environment if needed, then run one task in it.

    python3 tools/bootstrap.py reports [args…]   # the main job: reports for the five pilot provinces
    python3 tools/bootstrap.py test [pytest args…]
    python3 tools/bootstrap.py lab | setup | bench

Needs only Python ≥ 3.11 with pip and venv (no conda). Creates ``.venv`` in the repository when it
is missing, installs the pinned dependencies and the package (editable) when ``pyproject.toml``'s
pins changed since the last install (a stamp file in ``.venv`` records them), registers the
project's Jupyter kernel (``turkiye-clusters``) inside ``.venv``, and for the tests installs headless
Chromium from Debian's packages where that is possible. Idempotent: a second run installs nothing.
Standard library only, because it runs before anything is installed.
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


def ensure_env() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python ≥ 3.11 is needed; this is {sys.version.split()[0]}. Run with python3.11 or newer.")
    if not PY.exists():
        log(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    want = wanted()
    have = json.loads(STAMP.read_text()) if STAMP.exists() else {}
    if have.get("hash") != want["hash"]:
        log("installing the pinned dependencies and the package (pins changed or first run)")
        run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"])
        run([PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"])
        run([PY, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME,
             "--display-name", KERNEL_DISPLAY])
        STAMP.write_text(json.dumps(want, indent=2))
    else:
        log("environment up to date (.venv matches pyproject.toml pins)")


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


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    task, rest = argv[0], argv[1:]
    ensure_env()
    env = dict(os.environ, PYTHONNOUSERSITE="1")
    if task == "setup":
        return 0
    if task == "reports":
        return subprocess.call([BIN / "reports", *rest], env=env)
    if task == "test":
        ensure_chromium()
        return subprocess.call([PY, "-m", "pytest", *rest], cwd=ROOT, env=env)
    if task == "lab":
        extra = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        return subprocess.call([PY, "-m", "jupyter", "lab", "--ip=127.0.0.1", "--no-browser",
                                f"--ServerApp.root_dir={ROOT}",
                                f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}", *extra, *rest],
                               env=env)
    if task == "bench":
        return subprocess.call([PY, ROOT / "tools" / "bench.py", *rest], cwd=ROOT, env=env)
    print(f"unknown task {task!r}; expected reports, test, lab, setup or bench", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
