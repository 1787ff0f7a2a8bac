"""ITA frameworks: one validated YAML file per fiscal year (see docs/frameworks.md)."""

from openita.frameworks.loader import (
    UnknownFiscalYear,
    available_years,
    load_framework,
    load_framework_file,
    parse_framework,
)
from openita.frameworks.model import Framework

__all__ = [
    "Framework",
    "UnknownFiscalYear",
    "available_years",
    "load_framework",
    "load_framework_file",
    "parse_framework",
]
