"""Normalize, segment and tag a parsed document: everything the index needs, computed here so the
index never has to know how text was read or segmented."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Document, Section
from pipeline.normalize import fold
from pipeline.segment import Segmenter, tokens


@dataclass(slots=True)
class PreparedSection:
    section: Section
    path: list[str]  # display headings from the top of the document down to this section
    body_fold: str
    body_tokens: list[str]
    heading_fold: str
    heading_tokens: list[str]
    symbols: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PreparedDocument:
    document: Document
    sections: list[PreparedSection]


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


def prepare(document: Document, seg: Segmenter | None = None) -> PreparedDocument:
    paths = heading_paths(document.sections)
    prepared = []
    for section in document.sections:
        body_fold = fold(section.text)
        heading_fold = fold(display_heading(section))
        prepared.append(
            PreparedSection(
                section=section,
                path=paths[section.section_id],
                body_fold=body_fold,
                body_tokens=tokens(body_fold, seg),
                heading_fold=heading_fold,
                heading_tokens=tokens(heading_fold, seg),
            )
        )
    return PreparedDocument(document, prepared)
