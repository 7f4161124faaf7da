"""The whoosh index of sections: schema, writing, searching, cross-references.

All whoosh code of copdocs lives in this package.

Importing whoosh-reloaded pulls in three modules for features copdocs never uses, and they cost
a `copdocs search` process a large share of its start-up (``make bench`` measures it, with and
without, in BENCHMARKS.md): the ``cached_property`` package, imported for one decorator, imports
asyncio; whoosh.compat imports ``urlretrieve`` (urllib.request pulls in http.client and the email
package); whoosh.query imports the English morphology tables behind its ``Variations`` query
(copdocs expands inflections from the index's vocabulary). While whoosh is first imported,
those three modules are stand-ins, removed again before the import returns: any attribute taken
from a stand-in that it does not provide itself comes from the real module, imported then, and
every later import of those modules gets the real ones. ``COPDOCS_PLAIN_IMPORTS=1`` turns this
off.
"""

import functools
import importlib
import os
import sys
import types
from collections.abc import Callable


class _StandIn(types.ModuleType):
    """A module that provides a few attributes itself and takes any other from the real module."""

    def __init__(self, name: str, provided: dict[str, object]) -> None:
        super().__init__(name)
        self.__dict__.update(provided)

    def __getattr__(self, attribute: str) -> object:
        if attribute.startswith("__"):  # the import system probing (__path__, __spec__ …)
            raise AttributeError(attribute)
        return getattr(_real_module(self.__name__), attribute)


def _real_module(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if isinstance(module, _StandIn):
        # Called while the stand-in is installed: import the real one beside it.
        del sys.modules[name]
        try:
            return importlib.import_module(name)
        finally:
            sys.modules[name] = module
    return importlib.import_module(name)


def _deferred(module: str, function: str) -> Callable[..., object]:
    def call(*args: object, **kwargs: object) -> object:
        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    return call


def import_with_stand_ins(module: str, stand_ins: dict[str, dict[str, object]]) -> None:
    """Import ``module`` while each module named in ``stand_ins`` is a stand-in providing the
    given attributes; the stand-ins are gone from ``sys.modules`` when this returns."""
    if module in sys.modules or any(name in sys.modules for name in stand_ins):
        importlib.import_module(module)
        return
    for name, provided in stand_ins.items():
        sys.modules[name] = _StandIn(name, provided)
    try:
        importlib.import_module(module)
    finally:
        for name in stand_ins:
            if isinstance(sys.modules.get(name), _StandIn):
                del sys.modules[name]


STAND_INS: dict[str, dict[str, object]] = {
    "cached_property": {"cached_property": functools.cached_property},
    "urllib.request": {"urlretrieve": _deferred("urllib.request", "urlretrieve")},
    "whoosh.lang.morph_en": {"variations": _deferred("whoosh.lang.morph_en", "variations")},
}

if os.environ.get("COPDOCS_PLAIN_IMPORTS", "") in ("", "0"):
    # whoosh.query imports whoosh.reading (cached_property) and whoosh.compat on its way.
    import_with_stand_ins("whoosh.query", STAND_INS)
