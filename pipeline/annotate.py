"""Normalize, segment and tag a parsed document: everything the index needs, computed here so the
index never has to know how text was read or segmented."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Document, Section
from pipeline.normalize import fold
from pipeline.segment import Segmenter, tokens
from pipeline.symbols import Reference, find_references, symbol_kind


@dataclass(slots=True)
class AnnotatedSection:
    section: Section
    path: list[str]  # display headings from the top of the document down to this section
    body_fold: str
    body_tokens: list[str]
    heading_fold: str
    heading_tokens: list[str]
    # UN symbols and decision references the body cites (offsets into section.text)
    refs: list[Reference] = field(default_factory=list)
    # The decision this section is ("1/CP.20" for "Decision 1/CP.20 Lima Call…"), or ""
    self_symbol: str = ""

    @property
    def symbols(self) -> list[str]:
        """Every symbol cited as written, once per mention."""
        return [ref.symbol for ref in self.refs]

    @property
    def drafts_of(self) -> list[str]:
        """Adopted numbers of the draft decisions cited by title ("-/CP.13 Bali Action Plan")."""
        return sorted({ref.resolved for ref in self.refs if ref.resolved})


@dataclass(slots=True)
class AnnotatedDocument:
    document: Document
    sections: list[AnnotatedSection]


def display_heading(section: Section) -> str:
    return " ".join(part for part in (section.number, section.heading) if part)


def heading_paths(sections: list[Section]) -> dict[str, list[str]]:
    by_id = {s.section_id: s for s in sections}
    paths: dict[str, list[str]] = {}
    for section in sections:
        parent = by_id.get(section.parent_id) if section.parent_id else None
        own = [display_heading(section)] if (section.number or section.heading) else []
        paths[section.section_id] = (paths[parent.section_id] if parent else []) + own
    return paths


def annotate(document: Document, seg: Segmenter | None = None) -> AnnotatedDocument:
    paths = heading_paths(document.sections)
    annotated = []
    for section in document.sections:
        body_fold = fold(section.text)
        heading_fold = fold(display_heading(section))
        self_symbol = _own_decision(section)
        own = {document.symbol, self_symbol}
        annotated.append(
            AnnotatedSection(
                section=section,
                path=paths[section.section_id],
                body_fold=body_fold,
                body_tokens=tokens(body_fold, seg),
                heading_fold=heading_fold,
                heading_tokens=tokens(heading_fold, seg),
                refs=[r for r in find_references(section.text) if r.symbol not in own],
                self_symbol=self_symbol,
            )
        )
    return AnnotatedDocument(document, annotated)


def _own_decision(section: Section) -> str:
    """A section numbered like a decision ("1/CP.20") is that decision's text."""
    if "/" not in section.number:
        return ""
    refs = find_references(section.number)
    if len(refs) == 1 and symbol_kind(refs[0].symbol) == "decision":
        return refs[0].symbol
    return ""
