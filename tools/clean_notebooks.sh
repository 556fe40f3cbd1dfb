#!/usr/bin/env bash
# Not needed for normal use: the .ipynb files in notebooks/ are the source. This strips outputs and
# resets the kernelspec of every template notebook (run after editing in JupyterLab).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python - <<'PY'
import glob
import nbformat
for p in sorted(glob.glob("notebooks/*.ipynb")):
    nb = nbformat.read(p, as_version=4)
    nb.metadata = {"kernelspec": {"name": "turkiye-clusters", "display_name": "Python (Türkiye clusters)",
                                  "language": "python"}, "language_info": {"name": "python"}}
    for c in nb.cells:
        c.metadata.pop("lines_to_next_cell", None)
        c.metadata.pop("execution", None)
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    nbformat.write(nb, p)
    print("cleaned", p)
PY
