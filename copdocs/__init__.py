"""copdocs: ingest and search climate-negotiation reports.

The library's front door is ``copdocs.Library``; its errors are in ``copdocs.errors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Library", "__version__"]

if TYPE_CHECKING:
    from copdocs.library import Library


def __getattr__(name: str) -> object:
    # Imported on first use, so that `import copdocs.errors` (which the pipeline and index do)
    # stays free of the front door's imports.
    if name == "Library":
        from copdocs.library import Library

        return Library
    raise AttributeError(f"module 'copdocs' has no attribute {name!r}")
