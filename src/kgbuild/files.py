"""kgbuild's data files, one copy each: ``ontology/``, ``queries/`` and ``seeds/`` at the top of the checkout.

A wheel packs them under ``kgbuild/data/`` (hatchling's ``force-include`` in pyproject.toml); an editable
install or a checkout reads them where they are. ``gazetteer.json`` is the extractors' own data and lives
in the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


def shipped(folder: str, name: str = "") -> Path:
    """``folder/name`` (folder: ontology, queries or seeds) as packed in the wheel, else in the checkout."""
    packed = Path(str(resources.files("kgbuild"))) / "data" / folder
    base = packed if packed.is_dir() else _CHECKOUT / folder
    return base / name if name else base


__all__ = ["shipped"]
