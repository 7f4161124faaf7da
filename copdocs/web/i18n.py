"""The interface's labels, in Traditional Chinese (the default) and English.

Only labels are translated: document content, titles and headings are shown as written. A label
is a ``str.format`` template; what is filled into it (a query, a symbol) is escaped with the rest
of the label when the page is rendered.
"""

from __future__ import annotations

from collections.abc import Callable

DEFAULT = "zh-Hant"
LANGUAGES = ("zh-Hant", "en")
# What the ``lang`` parameter accepts, lower-cased.
_ALIASES = {"zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh": "zh-Hant", "en": "en"}

LABELS: dict[str, tuple[str, str]] = {
    # key: (Traditional Chinese, English)
    "site": ("copdocs 氣候談判文件搜尋", "copdocs climate negotiation search"),
    "tagline": ("氣候談判文件搜尋", "climate negotiation search"),
    "skip": ("跳到主要內容", "Skip to main content"),
    "nav": ("主選單", "Main menu"),
    "nav_search": ("搜尋", "Search"),
    "nav_docs": ("文件", "Documents"),
    "nav_symbols": ("符號與決定", "Symbols & decisions"),
    "other_language": ("English", "中文"),
    "other_language_name": ("Switch to English", "切換為繁體中文"),
    # search
    "search_label": ("搜尋章節", "Search sections"),
    "search_button": ("搜尋", "Search"),
    "search_hint": (
        '中文（繁簡皆可）、英文或聯合國文件符號；"片語"、OR、-排除、doc:、year:、symbol:',
        'Chinese (Traditional or Simplified), English or UN symbols; "phrases", OR, -word, '
        "doc:, year:, symbol:",
    ),
    "intro": (
        "搜尋代表團報告、UNFCCC 官方文件與地球談判快報（ENB）的每一個章節。",
        "Search every section of the delegation reports, UNFCCC documents and Earth "
        "Negotiations Bulletin issues in the index.",
    ),
    "index_summary": ("索引中有 {docs} 份文件，共 {sections} 個章節。",
                      "The index holds {docs} documents with {sections} sections."),
    "examples": ("試試看", "Try"),
    "syntax": ("查詢語法", "Query syntax"),
    "syntax_words": ("所有詞都要出現（順序不拘）", "every word must match, in any order"),
    "syntax_phrase": ("完整片語", "an exact phrase"),
    "syntax_or": ("任一邊符合", "either side"),
    "syntax_not": ("排除含有該詞的章節", "leave out sections containing a word"),
    "syntax_filters": ("只看某份文件、某年份，或引用某符號的章節",
                       "only one document, one year, or sections citing a symbol"),
    "results": ("搜尋結果", "Results"),
    "count_exact": ("共 {n} 個章節符合", "{n} matching sections"),
    "count_one": ("共 1 個章節符合", "1 matching section"),
    "count_more": ("超過 {n} 個章節符合", "More than {n} matching sections"),
    "showing": ("顯示第 {first}–{last} 筆", "showing {first}–{last}"),
    "no_results": ("找不到符合「{q}」的章節。", "No sections match “{q}”."),
    "past_end": ("這一頁已超過最後一筆結果。", "This page is past the last result."),
    "try": ("可以試試：", "You could try:"),
    "tip_remove_filter": ("移除篩選條件 {f}", "removing the filter {f}"),
    "tip_unquote": ("不加引號搜尋 {q}", "searching without quotes: {q}"),
    "tip_any": ("只要符合任一詞：{q}", "any of the words: {q}"),
    "tip_fewer": ("減少關鍵詞，或換成較常見的說法", "fewer words, or more common ones"),
    "tip_scripts": ("繁體、簡體與英文都可以搜尋，英文也會比對字形變化"
                    "（negotiation → negotiations）",
                    "Traditional and Simplified Chinese both work; English words also match "
                    "their inflections (negotiation → negotiations)"),
    "tip_browse": ("瀏覽所有文件", "browsing the documents"),
    "symbol_callout": ("「{s}」是{kind}：查看它的引用處與相關文件",
                       "“{s}” is a {kind}: see where it is cited and its relatives"),
    "leading_text": ("（第一個標題前的文字）", "(text before the first heading)"),
    "page_one": ("第 {n} 頁", "p. {n}"),
    "page_range": ("第 {a}–{b} 頁", "pp. {a}–{b}"),
    "via": ("經由「{via}」比對", "matched through “{via}”"),
    # facets
    "facets": ("縮小範圍", "Narrow down"),
    "facet_documents": ("文件", "Document"),
    "facet_years": ("年份", "Year"),
    "facet_symbols": ("引用的符號", "Cited symbol"),
    "facet_more": ("顯示全部 {n} 項", "Show all {n}"),
    "facets_capped": ("計數只涵蓋前 {n} 個符合的章節。", "Counts cover the first {n} matching "
                      "sections only."),
    "filters": ("目前的篩選", "Filters in use"),
    "remove_filter": ("移除篩選 {f}", "Remove filter {f}"),
    # paging
    "pagination": ("分頁", "Pages"),
    "prev_page": ("上一頁", "Previous"),
    "next_page": ("下一頁", "Next"),
    "page_n": ("第 {n} 頁", "Page {n}"),
    # section
    "in_document": ("文件", "Document"),
    "breadcrumb": ("位置", "Location"),
    "prev_section": ("上一節", "Previous section"),
    "next_section": ("下一節", "Next section"),
    "section_nav": ("前後章節", "Nearby sections"),
    "cited_symbols": ("本節引用的符號", "Symbols this section cites"),
    "none_cited": ("本節沒有引用聯合國文件符號或決定。", "This section cites no UN symbols or "
                   "decisions."),
    "adopted_as": ("即", "adopted as"),
    "source_file": ("開啟原始檔案", "Open the source file"),
    "source_page": ("開啟原始檔案第 {n} 頁", "Open the source file at page {n}"),
    "source_missing": ("原始檔案已不在原處。", "The source file is no longer where it was."),
    "back_to_results": ("回到「{q}」的搜尋結果", "Back to the results for “{q}”"),
    "matches_in_section": ("本節有 {n} 處符合「{q}」", "{n} matches of “{q}” in this section"),
    "no_matches_in_section": ("本節內文沒有「{q}」的符合處。",
                              "No match of “{q}” in this section's text."),
    "jump_first_match": ("跳到第一個符合處", "Jump to the first match"),
    "section_text": ("章節內容", "Section text"),
    # document
    "outline": ("目錄", "Outline"),
    "about_document": ("文件資訊", "About this document"),
    "doc_id": ("文件代號", "Document id"),
    "format": ("格式", "Format"),
    "sections": ("章節數", "Sections"),
    "own_symbol": ("文件符號", "Document symbol"),
    "none": ("無", "none"),
    "date": ("日期", "Date"),
    "year": ("年份", "Year"),
    "source": ("原始檔案", "Source file"),
    "search_in_document": ("在這份文件中搜尋", "Search this document"),
    # symbol
    "kind_document": ("聯合國文件符號", "UN document symbol"),
    "kind_decision": ("締約方會議決定", "decision"),
    "undocs": ("在 undocs.org 開啟", "Open on undocs.org"),
    "registry_title": ("決定名稱", "Title"),
    "family_root": ("所屬系列", "Family"),
    "rel_self": ("就是此符號的文件或決定", "The document or decision itself"),
    "rel_cites": ("引用處（{n}）", "Cited in ({n})"),
    "rel_family": ("相關符號（{n}）", "Relatives ({n})"),
    "not_cited": ("索引中沒有章節引用 {s}，也沒有文件就是 {s}。",
                  "Nothing in the index cites {s}, and no document in it is {s}."),
    "search_citing": ("搜尋引用 {s} 的章節", "Search the sections citing {s}"),
    "whole_document": ("整份文件", "the whole document"),
    # lists
    "docs_title": ("文件", "Documents"),
    "col_title": ("標題", "Title"),
    "col_symbol": ("符號", "Symbol"),
    "col_kind": ("類型", "Kind"),
    "col_mentions": ("提及次數", "Mentions"),
    "col_docs": ("引用文件數", "Citing documents"),
    "symbols_title": ("符號與決定", "Symbols and decisions"),
    "kind_all": ("全部", "All"),
    "kind_documents": ("文件符號", "Document symbols"),
    "kind_decisions": ("決定", "Decisions"),
    "symbols_count": ("共 {n} 個", "{n} in all"),
    # errors
    "error_400": ("無法處理這個請求", "This request cannot be answered"),
    "error_404": ("找不到", "Not found"),
    "error_500": ("伺服器發生錯誤", "Something went wrong on the server"),
    "error_503": ("索引無法使用", "The index is not available"),
    "error_query": ("查詢裡沒有可以搜尋的內容。", "The query has nothing to search for."),
    "error_symbol": ("這不是聯合國文件符號或決定編號。",
                     "That is not a UN document symbol or decision reference."),
    "error_not_found": ("索引中沒有這個項目。", "The index holds no such item."),
    "error_details": ("詳細訊息", "Details"),
    "go_home": ("回到搜尋頁", "Back to the search page"),
}


def language(requested: str | None, cookie: str | None) -> str | None:
    """The interface language: the ``lang`` parameter, else the cookie, else the default.
    None when the parameter names no language this interface has."""
    if requested is not None:
        return _ALIASES.get(requested.strip().lower())
    if cookie is not None:
        return _ALIASES.get(cookie.strip().lower(), DEFAULT)
    return DEFAULT


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)``: the label in ``lang`` with ``values`` filled in."""
    column = LANGUAGES.index(lang)

    def t(key: str, **values: object) -> str:
        label = LABELS[key][column]
        return label.format(**values) if values else label

    return t
