"""The report runner: papermill re-runs the parameterised notebooks for each province.

``reports --provinces pilots|all|<names or plate codes>`` (see :mod:`helpers.runner.cli`).
Layers: :mod:`.plan` validates everything before a kernel starts; :mod:`.execute` runs one
notebook in a fresh kernel and renders its HTML; :mod:`.publish` holds the lock, writes the
manifest and index and publishes the run atomically. The runner never computes indicators.
"""
