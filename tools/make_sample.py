"""Regenerate the labelled synthetic SGK sample in data/raw/sample/ (and its .meta.yml sidecar).

    python tools/make_sample.py                       # years 2009 2011 2013, the default seed
    python tools/make_sample.py --years 2012 2014 --seed 7 --out /tmp/sample

The file is byte-identical for the same years, seed and inputs (population and value-added tables);
tests/sources/test_sample.py regenerates it and compares checksums with the committed copy, so
rerun this after a change to helpers.sample or to those inputs, and commit both files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from helpers import sample  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=list(sample.DEFAULT_YEARS),
                        help="years 2007–2024, one sheet each (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=sample.SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: data/raw/sample)")
    args = parser.parse_args(argv)
    path = sample.generate(years=args.years, seed=args.seed, out_dir=args.out)
    print(path)
    print(path.with_name(path.name + ".meta.yml"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
