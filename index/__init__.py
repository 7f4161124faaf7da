"""The whoosh index of sections: schema, writing, searching, cross-references.

All whoosh code of copdocs lives in this package.
"""

import functools
import sys
import types

# whoosh-reloaded imports the third-party ``cached_property`` package for one decorator, and that
# package imports asyncio: a fifth of a `copdocs search` process's start-up. The standard library's
# functools.cached_property does the same job for whoosh's use (a plain class with a __dict__).
if "cached_property" not in sys.modules:
    _shim = types.ModuleType("cached_property")
    _shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _shim
