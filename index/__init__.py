"""The whoosh index of sections: schema, writing, searching, cross-references.

All whoosh code of copdocs lives in this package.
"""

import functools
import importlib
import sys
import types

# whoosh-reloaded imports the third-party ``cached_property`` package for one decorator, and that
# package imports asyncio: a fifth of a `copdocs search` process's start-up. The standard library's
# functools.cached_property does the same job for whoosh's use (a plain class with a __dict__).
if "cached_property" not in sys.modules:
    _shim = types.ModuleType("cached_property")
    _shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _shim



def _import_with_stand_ins(module: str, stand_ins: dict[str, list[str]]) -> None:
    """Import ``module`` while each module named in ``stand_ins`` is a stand-in whose listed
    functions import the real function when first called; the stand-ins are removed straight
    after, so any later import of those modules gets the real ones."""
    if module in sys.modules or any(name in sys.modules for name in stand_ins):
        return
    for name, functions in stand_ins.items():
        stand_in = types.ModuleType(name)
        for function in functions:
            setattr(stand_in, function, _deferred(name, function))
        sys.modules[name] = stand_in
    try:
        importlib.import_module(module)
    finally:
        for name in stand_ins:
            del sys.modules[name]


def _deferred(module: str, function: str):
    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    return call


# Two imports whoosh makes for features copdocs never uses cost a `copdocs search` process a
# quarter of its start-up: whoosh.compat imports ``urlretrieve`` (urllib.request pulls in
# http.client and the email package) and whoosh.query imports the English morphology tables
# behind its ``Variations`` query (copdocs expands inflections from the index's vocabulary).
_import_with_stand_ins("whoosh.compat", {"urllib.request": ["urlretrieve"]})
_import_with_stand_ins("whoosh.query", {"whoosh.lang.morph_en": ["variations"]})
