"""The termbase: concepts of the UNFCCC process with their English, Taiwanese and UN/PRC Chinese
forms (``pipeline/data/termbase.tsv``), and where a query names one.

A form is known by its *key*, the form as matching sees it: Chinese (and mixed) forms folded with
``pipeline.normalize.fold`` and without whitespace, so 調適基金 and 调适基金 share one key;
English forms and abbreviations as their folded alphanumeric tokens joined by spaces, so
"capacity-building" and "capacity building" share one. Ambiguous abbreviations (marked ``*`` in
the file) have no key: they are recognised only typed in capitals as a whole query word.

Every search looks query words up, so the keys are precomputed into
``pipeline/data/termbase_keys.tsv`` (``scripts/make_termbase_keys.py``; a test checks it is
current): reading that table is all a search pays until a query names a concept, and only then
are the rows of the concepts it names parsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from pipeline.data_files import read_data
from pipeline.normalize import fold, has_han
from pipeline.segment import TOKEN_RE

FILE = "termbase.tsv"
KEYS_FILE = "termbase_keys.tsv"
COLUMNS = ("id", "en", "abbr", "zh_tw", "zh_cn", "note")
SEPARATOR = ";"
AMBIGUOUS = "*"  # recognised typed in capitals only; an equivalent only where written so
HOMOGRAPH = "**"  # ambiguous, and an ordinary word too: never searched for as an equivalent
SESSION_PREFIX = "session:"  # the id of a numbered session (pipeline.sessions)
_CAPITALS_PREFIX = "*"  # a key-table line for an ambiguous abbreviation, as typed
_LATIN_RUN = re.compile(r"[a-z0-9]+(?:[-/.&+'][a-z0-9]+)*")


class Concept(NamedTuple):
    id: str
    en: tuple[str, ...]
    abbr: tuple[str, ...]  # as written, without the ambiguity mark
    ambiguous: tuple[str, ...]  # the abbreviations marked ambiguous
    zh_tw: tuple[str, ...]
    zh_cn: tuple[str, ...]
    note: str
    homographs: tuple[str, ...] = ()  # the ambiguous abbreviations that are ordinary words too

    def forms(self) -> list[str]:
        """Every form another one may stand for, in any case: all but the ambiguous
        abbreviations."""
        amb = set(self.ambiguous)
        return [*self.en, *(a for a in self.abbr if a not in amb), *self.zh_tw, *self.zh_cn]

    def cased(self) -> list[str]:
        """The ambiguous abbreviations another form may stand for where written in capitals."""
        return [a for a in self.ambiguous if a not in self.homographs]


class Mention(NamedTuple):
    """Concepts named in a query: by words ``first`` to ``last`` (inclusive) whole, or by the
    part ``span`` of word ``first`` (offsets into the word folded, without whitespace)."""

    first: int
    last: int
    span: tuple[int, int] | None
    concepts: tuple[str, ...]  # concept ids


def key(form: str) -> str:
    """The key of a form (or of any text): see the module docstring."""
    return key_of_folded(fold(form))


def key_of_folded(folded: str) -> str:
    if has_han(folded):
        return "".join(folded.split())
    return " ".join(TOKEN_RE.findall(folded))


class Lookup:
    """The key table: which concepts each key belongs to, and where a query names them."""

    def __init__(self, table: str) -> None:
        lines = table.split("\n")
        settings = dict(s.split("=") for line in lines[:2] for s in line.split() if "=" in s)
        self.max_han = int(settings.get("max_han", 0))
        self.max_words = int(settings.get("max_words", 0))
        # Concept ids stay comma-joined strings until a key is hit: loading is one dict build.
        pairs = [line.split("\t") for line in lines if line and line[0] != "#"]
        self._by_key = {k: v for k, v in pairs if k[0] != _CAPITALS_PREFIX}
        self._capitals = {k[1:]: v for k, v in pairs if k[0] == _CAPITALS_PREFIX}
        self._split: tuple[list[str], list[str]] | None = None  # keys by script, when needed

    def concepts_of(self, found: str) -> tuple[str, ...]:
        """The ids of the concepts having a form whose key is ``found``."""
        ids = self._by_key.get(found)
        return tuple(ids.split(",")) if ids else ()

    def capitals(self, typed: str) -> tuple[str, ...]:
        """The ids of the concepts having ``typed`` as an ambiguous abbreviation."""
        ids = self._capitals.get(typed)
        return tuple(ids.split(",")) if ids else ()

    def ambiguous(self) -> list[str]:
        return list(self._capitals)

    def longer_keys(self, found: str) -> list[str]:
        """The keys of other concepts' forms holding ``found`` (京都议定书 holds 京都, "kyoto
        protocol" holds "kyoto"): an occurrence inside one of them is that other concept's."""
        if self._split is None:
            # an English key is ASCII (its tokens); any other holds Chinese characters
            han = [k for k in self._by_key if not k.isascii()]
            latin = [f" {k} " for k in self._by_key if k.isascii()]
            self._split = (han, latin)
        own = set(self.concepts_of(found))
        if not found.isascii():
            longer = [k for k in self._split[0] if found in k and k != found]
        else:
            padded = f" {found} "
            longer = [k[1:-1] for k in self._split[1] if padded in k and k != padded]
        return [k for k in longer if not own.intersection(self.concepts_of(k))]

    def mentions(self, words: list[str]) -> list[Mention]:
        """The concepts a sequence of query words names, leftmost and longest first.

        English forms and abbreviations must cover whole words (``technology transfer`` over
        two words, ``AWG-KP`` as one, ``IPCC`` in ``IPCC第四次評估報告``); a Chinese or mixed
        form may be any part of a word, and the longest is taken (``調適基金董事會`` is the
        Adaptation Fund Board, not the Adaptation Fund).
        """
        folded = [fold(w) for w in words]
        tokens = [TOKEN_RE.findall(f) for f in folded]
        latin = [bool(t) and not has_han(f) for f, t in zip(folded, tokens, strict=True)]
        found: list[Mention] = []
        i = 0
        while i < len(words):
            whole = self._whole_words(words, tokens, latin, i) if latin[i] else None
            if whole is not None:
                found.append(whole)
                i = whole.last + 1
                continue
            if not latin[i]:
                found.extend(self._inside_word("".join(folded[i].split()), i))
            i += 1
        return found

    def _whole_words(self, words, tokens, latin, i: int) -> Mention | None:
        last = i
        while last + 1 < len(words) and latin[last + 1] and last + 1 - i < self.max_words:
            last += 1
        for j in range(last, i - 1, -1):
            run = [t for w in tokens[i : j + 1] for t in w]
            if len(run) > self.max_words:
                continue
            concepts = self._latin(run)
            if concepts:
                return Mention(i, j, None, concepts)
            if any(t[-1].isdigit() for t in run):  # COP 13, COP13: a numbered session
                from pipeline import sessions

                session = sessions.from_tokens(run)
                if session is not None:
                    return Mention(i, j, None, (session,))
        typed = unicodedata.normalize("NFKC", words[i].strip())
        concepts = self.capitals(typed)
        if not concepts and typed.endswith("s"):
            concepts = self.capitals(typed[:-1])
        return Mention(i, i, None, concepts) if concepts else None

    def _latin(self, run: list[str]) -> tuple[str, ...]:
        for candidate in _singular_variants(run):
            concepts = self.concepts_of(" ".join(candidate))
            if concepts:
                return concepts
        return ()

    def _inside_word(self, word: str, index: int) -> list[Mention]:
        found = []
        if "第" in word:  # 第13屆締約國大會: a numbered session
            from pipeline import sessions

            found = [Mention(index, index, (s, e), (session,))
                     for s, e, session in sessions.in_chinese(word)]
        start = 0
        while start < len(word):
            inside = next((m.span for m in found if m.span[0] <= start < m.span[1]), None)
            if inside is not None:
                start = inside[1]
                continue
            hit = self._han_at(word, start)
            if hit is None:
                start += 1
                continue
            end, concepts = hit
            if not any(s < end and start < e for s, e in (m.span for m in found)):
                found.append(Mention(index, index, (start, end), concepts))
            start = end
        covered = [m.span for m in found]
        for match in _LATIN_RUN.finditer(word):
            s, e = match.span()
            if any(s < ce and cs < e for cs, ce in covered) or _glued(word, s, e):
                continue
            concepts = self._latin(TOKEN_RE.findall(match.group()))
            if concepts:
                found.append(Mention(index, index, (s, e), concepts))
        found.sort(key=lambda m: m.span)
        # A form that is the whole word names the concept by the word itself.
        return [m._replace(span=None) if m.span == (0, len(word)) else m for m in found]

    def _han_at(self, word: str, start: int) -> tuple[int, tuple[str, ...]] | None:
        for end in range(min(len(word), start + self.max_han), start + 1, -1):
            piece = word[start:end]
            if piece not in self._by_key or not has_han(piece) or _glued(word, start, end):
                continue
            return end, self.concepts_of(piece)
        return None


def _glued(word: str, start: int, end: int) -> bool:
    """An ASCII letter or digit at either end of ``word[start:end]`` runs on into the word."""
    def alnum(c: str) -> bool:
        return c.isascii() and c.isalnum()

    return (alnum(word[start]) and start > 0 and alnum(word[start - 1])) or (
        alnum(word[end - 1]) and end < len(word) and alnum(word[end])
    )


def _singular_variants(run: list[str]) -> list[list[str]]:
    """The run as typed, then with its last word made singular (forms are mostly singular)."""
    variants = [run]
    last = run[-1]
    if len(last) > 4 and last.endswith("ies"):
        variants.append([*run[:-1], last[:-3] + "y"])
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        variants.append([*run[:-1], last[:-1]])
    return variants


# --- the concepts themselves --------------------------------------------------------------


def parse_line(line: str, number: int = 0) -> Concept:
    cells = line.split("\t")
    if len(cells) != len(COLUMNS):
        raise ValueError(f"{FILE} line {number}: {len(cells)} columns, not {len(COLUMNS)}")
    id_, en, abbr, zh_tw, zh_cn, note = cells
    marked = _split(abbr)
    return Concept(
        id=id_.strip(),
        en=_split(en),
        abbr=tuple(a.rstrip(AMBIGUOUS) for a in marked),
        ambiguous=tuple(a.rstrip(AMBIGUOUS) for a in marked if a.endswith(AMBIGUOUS)),
        zh_tw=_split(zh_tw),
        zh_cn=_split(zh_cn),
        note=note.strip(),
        homographs=tuple(a.rstrip(AMBIGUOUS) for a in marked if a.endswith(HOMOGRAPH)),
    )


def parse(text: str) -> list[Concept]:
    """Every concept of a termbase file's text. ValueError on a malformed line."""
    return [
        parse_line(line, number)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#") and not line.startswith(COLUMNS[0] + "\t")
    ]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(SEPARATOR) if part.strip())


def build_keys(concepts: list[Concept]) -> str:
    """The key table of ``concepts``: the text of ``termbase_keys.tsv``."""
    by_key: dict[str, list[str]] = {}
    capitals: dict[str, list[str]] = {}
    for concept in concepts:
        for form in concept.forms():
            found = key(form)
            if found and concept.id not in by_key.setdefault(found, []):
                by_key[found].append(concept.id)
        for abbr in concept.ambiguous:
            typed = unicodedata.normalize("NFKC", abbr)
            if concept.id not in capitals.setdefault(typed, []):
                capitals[typed].append(concept.id)
    max_han = max((len(k) for k in by_key if has_han(k)), default=0)
    max_words = max((k.count(" ") + 1 for k in by_key if not has_han(k)), default=0)
    lines = [f"# generated from {FILE} by scripts/make_termbase_keys.py; do not edit",
             f"# max_han={max_han} max_words={max_words}"]
    lines += [f"{k}\t{','.join(v)}" for k, v in sorted(by_key.items())]
    lines += [f"{_CAPITALS_PREFIX}{k}\t{','.join(v)}" for k, v in sorted(capitals.items())]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def lookup() -> Lookup:
    """The shipped key table, loaded once."""
    return Lookup(read_data(KEYS_FILE))


@lru_cache(maxsize=1)
def _source() -> str:
    return read_data(FILE)


@lru_cache(maxsize=512)
def concept(concept_id: str) -> Concept:
    """One concept of the shipped termbase, parsed from its line when first asked for (or a
    numbered session, generated by ``pipeline.sessions``)."""
    if concept_id.startswith(SESSION_PREFIX):
        from pipeline import sessions

        session = sessions.forms(concept_id)
    else:
        session = None
    if session is not None:
        abbr, zh, note = session
        return Concept(concept_id, (), abbr, (), (), zh, f"{note} (forms generated by rule)")
    text = _source()
    start = text.find(f"\n{concept_id}\t") + 1
    if start == 0:
        raise KeyError(concept_id)
    end = text.find("\n", start)
    return parse_line(text[start : end if end != -1 else len(text)])


def concepts() -> list[Concept]:
    """Every concept of the shipped termbase, in file order."""
    return parse(_source())


def lookup_word(text: str) -> list[Concept]:
    """The concepts ``text`` is a form of, in any case (ambiguous abbreviations included), else
    the concepts it names: what ``copdocs terms`` shows."""
    table = lookup()
    ids = list(table.concepts_of(key(text)))
    typed = unicodedata.normalize("NFKC", text.strip()).casefold()
    ids += [i for k in table.ambiguous() if k.casefold() == typed for i in table.capitals(k)]
    if not ids:
        ids = [i for m in table.mentions(text.split()) for i in m.concepts]
    return [concept(i) for i in dict.fromkeys(ids)]
