"""kzgloss: a termbase and translation memory for English, Kazakh and Russian.

The public Python API is small; everything the command line does is callable from here::

    >>> from kzgloss import folded_key
    >>> folded_key("Ata-Jurt")
    'atajurt'
"""

from __future__ import annotations

__version__ = "0.1.0"

from kzgloss.errors import KzglossError
from kzgloss.text import folded_key

__all__ = ["__version__", "KzglossError", "folded_key"]
