"""The committed manifest of the shipped raw files, and the check of a raw folder.

    python3 tools/bootstrap.py check-raw                  # = python tools/raw_manifest.py check
    python tools/raw_manifest.py template data/raw/tim/2024-12-iller-bazinda-sektor-rakamlari.xlsx
    python tools/raw_manifest.py write                    # maintainers: after shipping a new raw file

``check`` checks every file under ``data/raw/``: a shipped file (listed in
``data/raw/MANIFEST.sha256``) must have the bytes and the sidecar it was shipped with; a file you
added must have a sidecar you wrote (``template`` prints one with the checksum filled in). Exit
status 0 when all is well; 1 when shipped data was changed (each file is named with the
``git checkout -- <file>`` that restores it); 2 when only files you added are refused.
``write`` rewrites the manifest from the files now present: run it only when the project ships a
new or updated raw file (with its sidecar), and commit the manifest with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import paths, provenance  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "write":
        path = provenance.write_manifest()
        print(f"raw_manifest: wrote {path} ({len(provenance.read_manifest())} entries)")
        return 0
    if cmd == "template":
        if len(rest) != 1 or not Path(rest[0]).is_file():
            print("raw_manifest template: give one raw file, e.g. data/raw/tim/<file>.xlsx", file=sys.stderr)
            return 2
        print(provenance.sidecar_template(Path(rest[0]).resolve()), end="")
        return 0
    if cmd == "check":
        problems = provenance.check_all()
        if not problems:
            n = len(provenance.raw_files())
            print(f"raw_manifest: all {n} raw file(s) under {paths.RAW} are as shipped or carry the user's sidecar")
            return 0
        for p in problems:
            print(f"check-raw: {p}", file=sys.stderr)
        return 2 if all(isinstance(p, provenance.UserFileRefused) for p in problems) else 1
    print(f"raw_manifest: unknown command {cmd!r}; expected check, template or write", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
