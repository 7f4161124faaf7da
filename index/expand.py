"""Query expansion through the termbase: words of a query that name a concept of the UNFCCC
process (``pipeline.termbase``) also match the concept's other forms, in either script and
language — 适应基金 finds 調適基金 and "Adaptation Fund".

Only positive words are expanded (an exclusion stays literal), never a word typed with a leading
``=``. The words naming a concept become ``AnyOf(the typed words, Form, Form …)``; the rest of
the query is untouched, so every literal match of what was typed is still found. Besides the
expanded tree, the *variants* of the query — the whole query with a named concept replaced by
another form — let the search rank sections containing another form literally right after
those containing the typed text.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations, product
from typing import NamedTuple

from index.querylang import AllOf, AnyOf, Form, Node, Words
from pipeline.normalize import fold, has_han
from pipeline.segment import TOKEN_RE

# Variants of a whole query, and replacements of one word, are capped: a query naming many
# concepts keeps its expansion (every form still matches), only the ranking by variants is cut.
MAX_VARIANTS = 16
MAX_PLURAL_WORDS = 3


class Variant(NamedTuple):
    text: str  # the query (its positive words) with another form in place of the typed words
    forms: tuple[Form, ...]  # the forms put in


class Expansion(NamedTuple):
    tree: AllOf  # the query with every named concept widened to its forms
    variants: list[Variant]  # each a literal alternative to the typed query, for ranking
    forms: list[Form]  # every form of the concepts named, searched or not (to show)


def expand(tree: AllOf, lexicon: Callable[[str], bool],
           bigrams: Callable[[str], bool] = lambda term: True) -> Expansion | None:
    """The query widened by the concepts it names, or None when it names none.

    ``lexicon(word)`` says whether the index holds a word (an English word or a number),
    ``bigrams(term)`` whether it holds a Chinese character pair: forms the index cannot match
    are left out, and an English form also matches its last word's plural or singular when
    indexed.
    """
    def indexed(form_key: str) -> bool:
        for piece in TOKEN_RE.findall(form_key):
            if piece[0] < "\u0080":
                if not lexicon(piece):
                    return False
            elif not all(bigrams(piece[i : i + 2]) for i in range(len(piece) - 1)):
                return False
        return True

    nodes = list(tree.nodes)
    plain = [i for i, n in enumerate(nodes) if isinstance(n, Words)]
    groups = [i for i, n in enumerate(nodes) if isinstance(n, AnyOf)]
    if not plain and not groups:
        return None
    from pipeline.termbase import lookup

    table = lookup()
    forms: list[Form] = []
    # Each unit: the node positions it covers, and its literal alternatives (typed text first).
    units: list[tuple[list[int], list[tuple[str, tuple[Form, ...]]]]] = []
    replaced: dict[int, Node] = {}
    for run in _runs(nodes, plain):
        inside: dict[int, list[tuple[tuple[int, int], list[Form]]]] = {}
        for mention in table.mentions([nodes[i].text for i in run]):
            indexes = run[mention.first : mention.last + 1]
            typed = [nodes[i] for i in indexes]
            found, shown = _forms(mention.concepts, typed, mention.span, lexicon, indexed)
            if not found:
                continue
            forms.extend(shown)
            if mention.span is not None:
                inside.setdefault(indexes[0], []).append((mention.span, found))
                continue
            node = AnyOf((typed[0] if len(typed) == 1 else AllOf(tuple(typed)), *found))
            for i in indexes:
                replaced[i] = node
            alternatives = [(_words_text(typed), ())] + [(fold(f.text), (f,)) for f in found]
            units.append((indexes, alternatives))
        for i, parts in inside.items():
            replaced[i], alternatives = _inside(nodes[i], parts)
            units.append(([i], alternatives))
    for i in groups:
        group = nodes[i]
        children = []
        for child in group.nodes:
            widened = (_widen_alone(child, table, lexicon, indexed) if isinstance(child, Words)
                       else None)
            if widened is None:
                children.append(child)
                continue
            children.append(widened[0])
            forms.extend(widened[1])
        replaced[i] = AnyOf(tuple(children))
    if not forms:
        return None
    new_nodes: list[Node] = []
    done: set[int] = set()
    for i, node in enumerate(nodes):
        widened = replaced.get(i)
        if widened is None:
            new_nodes.append(node)
        elif id(widened) not in done:
            done.add(id(widened))
            new_nodes.append(widened)
    return Expansion(AllOf(tuple(new_nodes)), _variants(nodes, plain, groups, units, replaced),
                     _unique(forms))


def _runs(nodes: list[Node], plain: list[int]) -> list[list[int]]:
    """Positions of consecutive expandable words (an exact word or any other node ends a run)."""
    runs: list[list[int]] = []
    previous = -2
    for i in plain:
        word = nodes[i]
        if word.exact:
            previous = -2
            continue
        if i == previous + 1 and not word.quoted and not nodes[previous].quoted:
            runs[-1].append(i)
        else:
            runs.append([i])
        previous = i
    return runs


def _widen_alone(word: Words, table, lexicon, indexed) -> tuple[AnyOf, list[Form]] | None:
    """One alternative of an OR group, widened when it is a concept by itself."""
    if word.exact:
        return None
    mentions = table.mentions([word.text])
    if len(mentions) != 1 or mentions[0].span not in (None, (0, len(_squeezed(word.text)))):
        return None
    found, shown = _forms(mentions[0].concepts, [word], None, lexicon, indexed)
    return (AnyOf((word, *found)), shown) if found else None


def _forms(concepts: tuple[str, ...], typed: list[Words], span: tuple[int, int] | None,
           lexicon: Callable[[str], bool], indexed: Callable[[str], bool],
           ) -> tuple[list[Form], list[Form]]:
    """The concepts' forms to search for the typed words, and all their forms to show.

    Searched: not those the typed text already finds (its own key, or a longer form holding
    it), not those another searched form finds (a longer form holding a shorter one), not
    those the index cannot hold; English ones also with their last word's other number where
    indexed. Shown: every form, to be marked where found and named as what a section was found
    by (the longest it holds).
    """
    from pipeline.termbase import concept, key

    typed_key = key(_words_text(typed)) if span is None else _squeezed(typed[0].text)[
        span[0] : span[1]]
    if span is not None and not has_han(typed_key):
        typed_key = " ".join(TOKEN_RE.findall(typed_key))
    found: dict[str, Form] = {}
    shown_only: set[str] = set()
    for concept_id in concepts:
        known = concept(concept_id)
        abbreviations = set(known.abbr)
        for text in known.forms():
            form_key = key(text)
            if not form_key or form_key in found or form_key == typed_key:
                continue
            if has_han(form_key):
                if indexed(form_key):
                    found[form_key] = Form(text, text)
                    if not _searchable(form_key):
                        shown_only.add(form_key)
                continue
            words = form_key.split()
            if text in abbreviations:
                numbers = [words] if all(lexicon(w) for w in words) else []
            else:
                numbers = _numbers(words, lexicon)
            for variant in numbers:
                variant_key = " ".join(variant)
                if variant_key not in found and variant_key != typed_key:
                    found[variant_key] = Form(text if variant_key == form_key
                                              else variant_key, text)
        for text in known.cased():
            form_key = key(text)
            if form_key not in found and form_key != typed_key and all(
                    lexicon(w) for w in form_key.split()):
                found[form_key] = Form(text, text, cased=True)
    searched = [form for k, form in found.items()
                if k not in shown_only and not holds_key(k, typed_key)
                and not any(other != k and holds_key(k, other) for other in found)]
    return searched, list(found.values())


def _searchable(form_key: str) -> bool:
    """A form mixing scripts is searched piece by piece; a lone Chinese character among its
    pieces (第 and 條 in 第3.9條) would have to be searched as the prefix of every character
    pair it starts, which costs more than the form is worth: such forms are only marked."""
    return all(len(piece) > 1 for piece in TOKEN_RE.findall(form_key) if piece[0] >= "\u0080")


def holds_key(outer: str, inner: str) -> bool:
    """Whatever matches ``inner`` matches ``outer``: Chinese keys as substrings, English ones as
    runs of whole words."""
    if has_han(outer) != has_han(inner):
        return False
    if has_han(outer):
        return inner in outer
    return f" {inner} " in f" {outer} "


def _numbers(words: list[str], lexicon: Callable[[str], bool]) -> list[list[str]]:
    """The English form, and with its last word in the other number, as far as indexed (long
    names are not pluralised: "Conference of the Parties")."""
    if not all(lexicon(w) for w in words[:-1]):
        return []
    last = words[-1]
    others = [last]
    if len(words) > MAX_PLURAL_WORDS:
        return [words] if lexicon(last) else []
    if last.endswith("ies") and len(last) > 4:
        others.append(last[:-3] + "y")
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        others.append(last[:-1])
    elif last.isalpha() and len(last) > 2:
        others.append(last[:-1] + "ies" if last.endswith("y") else last + "s")
        if last.endswith(("s", "x", "ch", "sh")):
            others.append(last + "es")
    return [[*words[:-1], w] for w in others if lexicon(w)]


def _inside(word: Words, parts: list[tuple[tuple[int, int], list[Form]]]):
    """A word naming concepts by parts of it: the word with one part replaced by each form."""
    text = _squeezed(word.text)
    replacements: list[Form] = []
    alternatives: list[tuple[str, tuple[Form, ...]]] = [(word.text, ())]
    for (start, end), found in parts:
        for form in found:
            replaced = f"{text[:start]} {fold(form.text)} {text[end:]}".strip()
            replacements.append(Form(replaced, form.label))
            alternatives.append((replaced, (form,)))
    return AnyOf((word, *replacements[:MAX_VARIANTS])), alternatives[: MAX_VARIANTS + 1]


def _variants(nodes, plain, groups, units, replaced) -> list[Variant]:
    """The whole query with named concepts replaced by other forms, for literal ranking.

    Words alone: each combination of the units' alternatives but the typed one. One OR group
    (and nothing else to match): each form of each alternative.
    """
    if groups:
        if len(groups) > 1 or plain:
            return []
        return [Variant(fold(f.text), (f,)) for f in _flat_forms(replaced[groups[0]])]
    by_start = {u[0][0]: u for u in units}
    covered = {i for u in units for i in u[0]}
    slots: list[list[tuple[str, tuple[Form, ...]]]] = []
    for i in plain:
        if i in by_start:
            slots.append(by_start[i][1])
        elif i not in covered:
            slots.append([(nodes[i].text, ())])
    # Every named concept in another form first (a query in one language, texts in another),
    # then fewer of them.
    open_slots = [i for i, slot in enumerate(slots) if len(slot) > 1]
    variants = []
    for size in range(len(open_slots), 0, -1):
        for chosen in combinations(open_slots, size):
            choices = [slot[1:] if i in chosen else slot[:1] for i, slot in enumerate(slots)]
            for combination in product(*choices):
                labels = tuple(label for _, found in combination for label in found)
                variants.append(Variant(" ".join(text for text, _ in combination), labels))
                if len(variants) >= MAX_VARIANTS:
                    return variants
    return variants


def _flat_forms(node: Node) -> list[Form]:
    if isinstance(node, Form):
        return [node]
    if isinstance(node, AnyOf):
        return [f for child in node.nodes for f in _flat_forms(child)]
    return []


def _words_text(words: list[Words]) -> str:
    return " ".join(w.text for w in words)


def _squeezed(text: str) -> str:
    return "".join(fold(text).split())


def _unique(forms: list[Form]) -> list[Form]:
    return list(dict.fromkeys(forms))
