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

# whoosh.compat imports ``urlretrieve`` from urllib.request at import time (for a download helper
# copdocs never calls); urllib.request pulls in http.client and the email package, another fifth
# of a search's start-up. whoosh.compat is imported here with a stand-in module whose
# ``urlretrieve`` imports the real one when called; the stand-in is removed straight after, so
# any other import of urllib.request gets the real module.
if "whoosh.compat" not in sys.modules and "urllib.request" not in sys.modules:

    def _urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve

        return urlretrieve(*args, **kwargs)

    _stand_in = types.ModuleType("urllib.request")
    _stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = _stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        del sys.modules["urllib.request"]
