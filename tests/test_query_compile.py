"""The query language parsed into its syntax tree, and the tree compiled into whoosh queries: what
must match (recall), what ranks first (literal stages and boosts), on the queries users type."""

from __future__ import annotations

import pytest
from whoosh import query as q

from index.compile import (
    HEADING_LITERAL_BOOST,
    LITERAL_BOOST,
    SECTIONS,
    SYMBOL_BOOST,
    Compiled,
    UnionOr,
    compile_query,
)
from index.phrase import ExactPhrase
from index.querylang import AllOf, AnyOf, Filter, Not, Words, parse, positive_words
from pipeline.symbols import canonicalize

# Parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "nodes"),
    [
        ("調適基金", (Words("調適基金"),)),
        ("IPCC 第四次評估報告", (Words("IPCC"), Words("第四次評估報告"))),
        ('"joint implementation"', (Words("joint implementation", quoted=True),)),
        ("\u201cjoint implementation\u201d", (Words("joint implementation", quoted=True),)),
        ('"unbalanced quote', (Words("unbalanced quote", quoted=True),)),
        ("CDM OR 清潔發展機制", (AnyOf((Words("CDM"), Words("清潔發展機制"))),)),
        ("a b OR c", (Words("a"), AnyOf((Words("b"), Words("c"))))),
        ("a OR b OR c", (AnyOf((Words("a"), Words("b"), Words("c"))),)),
        ("a | b", (AnyOf((Words("a"), Words("b"))),)),
        ("調適 -基金", (Words("調適"), Not(Words("基金")))),
        ("調適 NOT 基金", (Words("調適"), Not(Words("基金")))),
        ('-"joint implementation" CDM', (Not(Words("joint implementation", quoted=True)),
                                          Words("CDM"))),
        ("a AND b && c", (Words("a"), Words("b"), Words("c"))),
        ("AND", (Words("AND"),)),  # AND alone, first or last is a word
        ("AND 碳", (Words("AND"), Words("碳"))),
        ("碳 AND", (Words("碳"), Words("AND"))),
        ("AND OR NOT", (Words("AND"), Words("OR"), Words("NOT"))),
        ("doc:cop13-report-5ad3ce47 調適基金",
         (Filter("doc", "cop13-report-5ad3ce47"), Words("調適基金"))),
        ("YEAR:2007 adaptation fund", (Filter("year", "2007"), Words("adaptation"), Words("fund"))),
        ("symbol:FCCC/SBSTA/2007/L.19", (Filter("symbol", "FCCC/SBSTA/2007/L.19"),)),
        ('symbol:"FCCC/SBI/2007/30"', (Filter("symbol", "FCCC/SBI/2007/30"),)),
        ("-doc:x 碳", (Not(Filter("doc", "x")), Words("碳"))),
        # not a filter: an unknown field is a word, and so is a field with no value
        ("http://unfccc.int", (Words("http://unfccc.int"),)),
        ("doc:", (Words("doc:"),)),
        # lone operators are words
        ("OR", (Words("OR"),)),
        ("OR 碳", (Words("OR"), Words("碳"))),
        ("碳 OR", (Words("碳"), Words("OR"))),
        ("NOT", (Words("NOT"),)),
        ("- 調適", (Words("-"), Words("調適"))),
        ('""', ()),
        ("", ()),
    ],
)  # fmt: skip
def test_parse(query: str, nodes: tuple) -> None:
    assert parse(query) == AllOf(nodes)


def test_positive_words_leave_out_exclusions_and_filters() -> None:
    tree = parse('doc:x 調適 -基金 "joint implementation" CDM OR 清潔發展機制 NOT HFC')
    assert [w.text for w in positive_words(tree)] == [
        "調適", "joint implementation", "CDM", "清潔發展機制"
    ]  # fmt: skip


# Compiling ----------------------------------------------------------------------------------

# The index's vocabulary, as ingest would have produced it (jieba words, English words).
LEXICON = {"调适", "基金", "调适基金", "清洁发展机制", "清洁", "发展", "机制", "评估", "报告"}
VOCABULARY = ["fund", "funded", "funding", "funds", "fundament", "negotiation", "negotiations"]


def compiled(query: str, symbol: str | None = None) -> Compiled:
    return compile_query(
        parse(query),
        lexicon=LEXICON.__contains__,
        canonical_symbol=canonicalize,
        symbol=symbol,
        vocabulary=lambda prefix: [w for w in VOCABULARY if w.startswith(prefix)],
    )


def bigrams(folded: str) -> list[str]:
    return [folded[i : i + 2] for i in range(len(folded) - 1)]


def test_han_run_is_a_phrase_of_its_bigrams_in_simplified_form() -> None:
    found = compiled("調適基金")
    assert found.required == ExactPhrase("bi", ["调适", "适基", "基金"])
    assert found.required == compiled("调适基金").required
    assert found.boosts == [
        ExactPhrase("h_bi", ["调适", "适基", "基金"], boost=HEADING_LITERAL_BOOST),
        ExactPhrase("bi", ["调适", "适基", "基金"], boost=LITERAL_BOOST),
    ]
    # segmented with the index's own words: the fewest, so the whole term when indexed
    assert found.word_boosts == [q.Term("words", "调适基金"), q.Term("h_words", "调适基金")]
    assert not found.needs_verification and not found.empty


def test_han_run_segments_into_indexed_words_when_the_whole_is_not_one() -> None:
    assert compiled("評估報告").word_boosts == [
        q.Term("words", "评估"), q.Term("h_words", "评估"),
        q.Term("words", "报告"), q.Term("h_words", "报告"),
    ]  # fmt: skip


def test_single_han_character_is_a_prefix_of_its_bigrams() -> None:
    found = compiled("碳")
    assert found.required == q.Prefix("bi", "碳")
    assert found.boosts == [q.Prefix("h_bi", "碳", boost=HEADING_LITERAL_BOOST)]
    assert compiled("調適").required == q.Term("bi", "调适")  # one bigram: a term


def test_english_word_matches_its_indexed_inflections() -> None:
    assert compiled("Fund").required == UnionOr(
        [q.Term("words", w) for w in ("fund", "funded", "funding", "funds")]
    )  # "fundament" has another stem
    assert compiled("CDM").required == q.Term("words", "cdm")  # nothing else indexed


def test_quoted_words_are_an_exact_phrase_without_inflections() -> None:
    found = compiled('"joint implementation"')
    assert found.required == ExactPhrase("words", ["joint", "implementation"])
    assert compiled('"funds"').required == q.Term("words", "funds")
    assert found.literal_body == ExactPhrase("words", ["joint", "implementation"])
    assert found.literal_head == ExactPhrase("h_words", ["joint", "implementation"])


def test_glued_latin_is_a_phrase_and_mixed_scripts_are_verified_when_quoted() -> None:
    assert compiled("HCFC-22").required == ExactPhrase("words", ["hcfc", "22"])
    expected = q.And([ExactPhrase("words", ["hfc", "23"]), q.Term("bi", "计画")])
    unquoted, quoted = compiled("HFC-23計畫"), compiled('"HFC-23計畫"')
    assert unquoted.required == expected and quoted.required == expected
    assert unquoted.needs_verification == []
    # A phrase across scripts is checked against the text itself: the two fields' positions
    # cannot say the parts are adjacent.
    assert quoted.needs_verification == ["hfc-23计画"]


def test_several_words_must_all_match() -> None:
    found = compiled("IPCC 第四次評估報告")
    phrase = ExactPhrase("bi", bigrams("第四次评估报告"))
    assert found.required == q.And([q.Term("words", "ipcc"), phrase])
    # the literal stages look for the whole query, in headings first
    assert found.literal_body == q.And([q.Term("words", "ipcc"), phrase])
    assert found.literal_head == q.And(
        [q.Term("h_words", "ipcc"), ExactPhrase("h_bi", bigrams("第四次评估报告"))]
    )
    assert found.literal_constraints == []


def test_or_is_a_union_and_each_alternative_is_a_literal() -> None:
    found = compiled("CDM OR 清潔發展機制")
    cdm = ExactPhrase("bi", bigrams("清洁发展机制"))
    assert found.required == UnionOr([q.Term("words", "cdm"), cdm])
    assert found.literal_body == UnionOr([q.Term("words", "cdm"), cdm])
    assert found.literal_head == UnionOr(
        [q.Term("h_words", "cdm"), ExactPhrase("h_bi", bigrams("清洁发展机制"))]
    )


def test_or_beside_other_words_runs_unstaged() -> None:
    found = compiled("碳 CDM OR 清潔發展機制")
    assert found.literal_body is None and found.literal_head is None
    assert found.required == q.And([
        q.Prefix("bi", "碳"),
        UnionOr([q.Term("words", "cdm"), ExactPhrase("bi", bigrams("清洁发展机制"))]),
    ])  # fmt: skip


def test_exclusions_are_required_absent_and_constrain_the_literal_stages() -> None:
    found = compiled("調適 -基金")
    assert found.required == q.And([q.Term("bi", "调适"), q.Not(q.Term("bi", "基金"))])
    assert compiled("調適 NOT 基金").required == found.required
    assert found.literal_body == q.Term("bi", "调适")
    assert found.literal_constraints == [q.Not(q.Term("bi", "基金"))]
    assert q.Term("bi", "基金", boost=LITERAL_BOOST) not in found.boosts


def test_filters() -> None:
    found = compiled("doc:cop13-report-5ad3ce47 year:2007 調適")
    assert found.required == q.And(
        [q.Term("doc_id", "cop13-report-5ad3ce47"), q.Term("year", "2007"), q.Term("bi", "调适")]
    )
    assert found.literal_constraints == [
        q.Term("doc_id", "cop13-report-5ad3ce47"), q.Term("year", "2007")
    ]  # fmt: skip


def test_a_symbol_filter_is_canonical_and_takes_drafts_resolved_to_it() -> None:
    symbol = "FCCC/SBSTA/2007/L.19"
    citing = UnionOr([q.Term("symbols", symbol), q.Term("drafts_of", symbol)])
    assert compiled("symbol:fccc/sbsta/2007/l.19 調適").required == q.And(
        [citing, q.Term("bi", "调适")]
    )
    # filters alone would match document records too: only sections are hits
    full_width = compiled("symbol:ＦＣＣＣ／ＳＢＳＴＡ／２００７／Ｌ.１９")
    assert full_width.required == q.And([SECTIONS, citing])
    assert compiled("doc:x").required == q.And([SECTIONS, q.Term("doc_id", "x")])
    assert compiled("-調適").required == q.And([SECTIONS, q.Not(q.Term("bi", "调适"))])


def test_a_query_that_is_a_symbol_takes_the_sections_citing_it_and_the_decision_itself() -> None:
    found = compiled("1/CP.13", symbol="1/CP.13")
    cites = q.Term("symbols", "1/CP.13", boost=SYMBOL_BOOST)
    drafts = q.Term("drafts_of", "1/CP.13", boost=SYMBOL_BOOST)
    itself = q.Term("self_symbol", "1/CP.13", boost=SYMBOL_BOOST)
    assert found.required == UnionOr([ExactPhrase("words", ["1", "cp", "13"]), cites, drafts,
                                      itself])  # fmt: skip
    assert found.symbol_query == UnionOr([cites, drafts, itself])
    assert found.word_boosts[-3:] == [cites, drafts, itself]


@pytest.mark.parametrize("query", ["*", '"', "-", "。", "NOT -", '"" -""'])
def test_nothing_to_search_for(query: str) -> None:
    found = compiled(query)
    assert found.empty and found.required == q.NullQuery
