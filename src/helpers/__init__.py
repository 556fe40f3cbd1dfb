"""Helpers of the Türkiye cluster workbook: paths, provinces, NACE, data readers, indicators,
criteria evaluation, plots and the report runner. Notebooks import from here; nothing here imports
from notebooks."""

__version__ = "0.1.0"
