"""Rebuild the committed reference tables in data/reference/ from data/raw/reference/.

``python tools/build_reference.py`` writes provinces.csv and nace_rev2.csv. Tests check that the
committed tables equal a fresh build, so an edit here without a rebuild (or the reverse) fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import reference  # noqa: E402

if __name__ == "__main__":
    for path in reference.write_all():
        print(path)
