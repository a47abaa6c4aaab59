"""Organisations and persons of the cleaned body (issue 5).

:func:`apply_to_item` fills ``item.organizations`` and ``item.persons``::

    organizations: [{"name": canonical, "kind": str | None, "parent": canonical | None,
                     "mentions": [{"text", "start", "end"}]}]
    persons:       [{"name", "mentions": [{"text", "start", "end"}]}]

Offsets are character offsets into ``item.body``. Recognition is offline: the character CRF shipped in
:mod:`pipelines.entities` (its model file is package data) finds ORG/PER/LOC spans, the suffix grammar
of :mod:`pipelines.entities.recognizers` adds and widens institutional names over the model's tokens; the general classes of non-names are checked in
:mod:`pipelines.entities.filters`; canonical names come from :mod:`pipelines.entities.canonical` with the
story's place (:mod:`pipelines.entities.places`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below, typed; at run time they load on first use (__getattr__)
    from pipelines.entities.canonical import aliases_of
    from pipelines.entities.recognizers import Recognizer, Span
    from pipelines.entities.step import (
        apply_to_item,
        default_recognizer,
        entities_and_place,
        extract_entities,
        model_recognizer,
    )

__all__ = [
    "aliases_of",
    "apply_to_item",
    "default_recognizer",
    "entities_and_place",
    "extract_entities",
    "model_recognizer",
    "Recognizer",
    "Span",
]


# Where a name of the package lives when it is not the step's.
_HOMES = {
    "aliases_of": "pipelines.entities.canonical",
    "Recognizer": "pipelines.entities.recognizers",
    "Span": "pipelines.entities.recognizers",
}


def __getattr__(name: str) -> Any:
    """The step's names, loaded on first use: importing a light submodule (the place table that
    the query commands' ``--place`` reads, the lexicon) does not load the recogniser, its filters
    and the text package with it (≈ 0.1 s)."""
    if name.startswith("__"):
        raise AttributeError(name)
    home = importlib.import_module(_HOMES.get(name, "pipelines.entities.step"))
    try:
        return getattr(home, name)
    except AttributeError:
        raise AttributeError(f"module 'pipelines.entities' has no attribute {name!r}") from None
