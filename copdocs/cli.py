"""The copdocs command line: a few lines per command over the pipeline and index libraries."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from copdocs import __version__
from copdocs.batching import COMMIT_EVERY
from copdocs.errors import WorkersUnavailable
from copdocs.output import emit_json, render_marks, style, use_color


class UserError(click.ClickException):
    """A mistake or missing precondition on the user's side: one line, exit 2."""

    exit_code = 2


def _library_errors(func):
    """The library's one-line errors as click errors: usage errors exit 2, the others 1."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from copdocs.errors import CopdocsError, UsageError

        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            raise UserError(str(exc)) from exc
        except CopdocsError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _library(ctx: click.Context, override: Path | None = None):
    from copdocs.library import Library

    return Library(override if override is not None else ctx.obj)


json_option = click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
index_option = click.option(
    "--index",
    "index",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index directory (overrides the global --index).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="COPDOCS_INDEX",
    default=None,
    help="Index directory [env COPDOCS_INDEX; default: the user data directory].",
)
@click.version_option(__version__, prog_name="copdocs")
@click.pass_context
def cli(ctx: click.Context, index: Path | None) -> None:
    """Ingest and search climate-negotiation reports and UNFCCC documents."""
    ctx.obj = index


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.option(
    "-j", "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
    help="Worker processes that read and analyse files [default: one per core].",
)  # fmt: skip
@click.option("--prune", is_flag=True, help="Remove documents whose files are gone from PATHS.")
@click.option(
    "--wait", default=60.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
    help="Seconds to wait for another ingest of the same index.",
)  # fmt: skip
@click.option(
    "--commit-every", default=COMMIT_EVERY, show_default=True, type=click.IntRange(1), metavar="N",
    help="Commit after every N changed files (an interrupted ingest keeps what was committed).",
)  # fmt: skip
@click.pass_context
@_library_errors
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    as_json: bool,
    jobs: int | None,
    prune: bool,
    wait: float,
    commit_every: int,
) -> None:
    """Ingest files and folders (recursively) into the index.

    Unchanged files are skipped; changed ones replace their documents. Exit status 1 if any
    file failed.
    """
    from copdocs.reporting import IngestReporter

    library = _library(ctx)
    reporter = IngestReporter(as_json, library.index_dir, wait)
    try:
        summary = library.ingest(
            paths, jobs=jobs, prune=prune, wait=wait, commit_every=commit_every,
            on_result=reporter.result, on_progress=reporter.progress, on_wait=reporter.waiting,
        )  # fmt: skip
    except KeyboardInterrupt:
        reporter.stopped("interrupted")
        sys.exit(130)
    except WorkersUnavailable:
        reporter.stopped("stopped")
        raise
    reporter.summary(summary)
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 10000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, 100000),
              help="Skip this many hits (for paging).")
@click.option("--exact", is_flag=True,
              help="No termbase expansion: match only what is typed (also: =word).")
@json_option
@index_option
@click.pass_context
@_library_errors
def search(ctx: click.Context, query: tuple[str, ...], limit: int, offset: int, exact: bool,
           as_json: bool, index: Path | None) -> None:
    """Search sections. Words all match; "quoted phrases"; OR; -word; doc:, year:, symbol:.

    A word naming a UNFCCC concept (調適基金, CDM, technology transfer) also finds the
    concept's other forms, after the literal matches; see 'copdocs terms WORD'.
    """
    text = " ".join(query)
    result = _library(ctx, index).search(text, limit=limit, offset=offset, exact=exact)
    if as_json:
        for hit in result.hits:
            emit_json(hit.to_json())
        return
    color = use_color()
    if not result.hits:
        click.echo(f"no sections match {text!r}", err=True)
        return
    for hit in result.hits:
        heading = " ".join(p for p in (hit.number, hit.heading) if p) or "(untitled section)"
        via = f"  {style(f'≈ {hit.via}', color, fg='yellow')}" if hit.via else ""
        click.echo(f"{hit.rank}. {style(heading, color, bold=True)}{via}")
        trail = " › ".join([hit.title, *hit.path[:-1]]) if hit.path else hit.title
        click.echo(f"   {style(trail, color, dim=True)}")
        if hit.snippet:
            click.echo(f"   {render_marks(hit.snippet, color)}")
        page = f"  p. {hit.page}" if hit.page is not None else ""
        click.echo(f"   {style(hit.section_id, color, fg='cyan')}{page}")
    shown = len(result.hits)
    more = f" (showing {shown}; --limit for more)" if result.total > offset + shown else ""
    count = f"{result.total}" if result.exact else f"more than {result.total}"
    click.echo(f"{count} matching sections{more}", err=True)


@cli.command()
@click.argument("word", nargs=-1, required=True)
@json_option
@_library_errors
def terms(word: tuple[str, ...], as_json: bool) -> None:
    """The termbase concept a word belongs to, with all its forms.

    WORD in any form: copdocs terms 調適基金 · copdocs terms CDM · copdocs terms technology
    transfer
    """
    from copdocs.library import Library

    text = " ".join(word)
    found = Library.terms(text)
    if not found:
        click.echo(f"{text!r} is in no concept of the termbase", err=True)
        return
    for concept in found:
        if as_json:
            emit_json(concept.to_json())
        else:
            _print_concept(concept, use_color())


def _print_concept(concept, color: bool) -> None:
    click.echo(style(concept.concept, color, bold=True)
               + (f"  {style(concept.note, color, dim=True)}" if concept.note else ""))
    ambiguous = set(concept.ambiguous)
    abbr = [f"{a} (capitals only)" if a in ambiguous else a for a in concept.abbr]
    if concept.homographs:
        abbr = [f"{a[: -len(' (capitals only)')]} (capitals only; also a word: never an "
                "equivalent)" if a.split(" ")[0] in concept.homographs else a for a in abbr]
    for label, forms in (("en", concept.en), ("abbr", abbr), ("zh-TW", concept.zh_tw),
                         ("zh-CN", concept.zh_cn)):
        if forms:
            click.echo(f"  {label:6} {' · '.join(forms)}")


@cli.command()
@json_option
@click.pass_context
@_library_errors
def docs(ctx: click.Context, as_json: bool) -> None:
    """List the ingested documents."""
    for doc in _library(ctx).docs():
        if as_json:
            emit_json(doc.to_json())
        else:
            symbol = f" [{doc.symbol}]" if doc.symbol else ""
            year = doc.year or "    "
            click.echo(f"{doc.doc_id}\t{year}\t{doc.sections:4d} sections\t{doc.title}{symbol}")


@cli.command()
@click.argument("doc_id", required=False)
@json_option
@click.pass_context
@_library_errors
def sections(ctx: click.Context, doc_id: str | None, as_json: bool) -> None:
    """List sections (of one document, or of all), in document order."""
    color = use_color()
    for section in _library(ctx).sections(doc_id):
        if as_json:
            emit_json(section.to_json())
        else:
            heading = " ".join(p for p in (section.number, section.heading) if p)
            heading = heading or "(leading text)"
            indent = "  " * (section.level - 1)
            click.echo(f"{indent}{heading}  {style(section.section_id, color, fg='cyan')}")


@cli.command()
@click.argument("section_id")
@json_option
@click.pass_context
@_library_errors
def show(ctx: click.Context, section_id: str, as_json: bool) -> None:
    """Show one section in full."""
    found = _library(ctx).section(section_id)
    if as_json:
        emit_json(found.to_json())
        return
    color = use_color()
    click.echo(style(found.title, color, dim=True))
    click.echo(style(" › ".join(found.path) or "(leading text)", color, bold=True))
    if found.pages:
        first, last = found.pages
        span = f"p. {first}" if first == last else f"pp. {first}–{last}"
        click.echo(style(span, color, dim=True))
    click.echo()
    click.echo(found.text)


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("symbol", nargs=-1, required=True, type=click.UNPROCESSED)
@json_option
@click.pass_context
@_library_errors
def refs(ctx: click.Context, symbol: tuple[str, ...], as_json: bool) -> None:
    """Where a UN symbol or decision is cited, what it is, and its relatives.

    SYMBOL may be typed in any case, full-width, with spaces around slashes, or as a draft
    ("-/CP.13"): copdocs refs FCCC/SBSTA/2007/L.19
    """
    found = _library(ctx).refs(" ".join(symbol))
    canonical, hits = found.symbol, found.hits
    if as_json:
        for hit in hits:
            emit_json(hit.to_json())
        return
    if not hits:
        click.echo(f"{canonical}: not cited in the index, and no document in it is {canonical}",
                   err=True)
        return
    _print_refs(canonical, hits, use_color())


def _print_refs(canonical: str, hits: list, color: bool) -> None:
    url = hits[0].url
    click.echo(style(canonical, color, bold=True) + (f"  {url}" if url else ""))
    for relation, label in (("self", "is"), ("cites", "cited in"), ("family", "related")):
        group = [h for h in hits if h.relation == relation]
        if not group:
            continue
        click.echo(f"{label} ({len(group)}):")
        for hit in group:
            where = " › ".join([hit.title, *hit.path]) if hit.path else hit.title
            prefix = f"[{hit.symbol}] " if relation == "family" else ""
            click.echo(f"  {prefix}{where}")
            if hit.context:
                click.echo(f"    {hit.context}")
            click.echo("    " + style(hit.section_id or hit.doc_id, color, fg="cyan"))


@cli.command()
@json_option
@click.option("--kind", type=click.Choice(["document", "decision"]), default=None,
              help="Only document symbols or only decisions.")
@click.pass_context
@_library_errors
def symbols(ctx: click.Context, as_json: bool, kind: str | None) -> None:
    """Every UN symbol and decision in the index, with mentions and citing documents."""
    for entry in _library(ctx).symbols(kind):
        if as_json:
            emit_json(entry.to_json())
        else:
            click.echo(f"{entry.symbol}\t{entry.kind}\t{entry.count} mentions\t{entry.docs} docs")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free one).")
@click.option("--workers", default=None, type=click.IntRange(1, 64), metavar="N",
              help="Server processes [default: one per core].")
@click.pass_context
@_library_errors
def serve(ctx: click.Context, host: str, port: int, workers: int | None) -> None:
    """Serve the search pages and a JSON API on the index (read-only) until Ctrl-C."""
    from copdocs.web.serve import bind, default_workers, serve, url

    library = _library(ctx)
    documents = len(library.docs())  # a missing or foreign index stops here, with its message
    library.close()
    sock = bind(host, port)
    workers = workers or default_workers()
    click.echo(f"copdocs: serving {documents} documents from {library.index_dir} at "
               f"{url(host, sock.getsockname()[1])} "
               f"({workers} worker{'s' if workers > 1 else ''}; Ctrl-C stops)")
    serve(sock, library.index_dir, workers)


def main() -> None:
    _run(lambda: cli(prog_name="copdocs"))


def search_main() -> None:
    """The ``search`` shortcut: ``search QUERY`` is ``copdocs search QUERY``."""
    _run(lambda: cli(args=["search", *sys.argv[1:]], prog_name="copdocs"))


def _run(command) -> None:
    """Run the command; a bug in copdocs is reported as one, its traceback kept for the report."""
    try:
        command()
    except Exception as exc:
        import traceback

        from copdocs.errorlog import keep_traceback

        log = keep_traceback(None, " ".join(sys.argv), traceback.format_exc())
        where = f"details in {log}" if log else "run with COPDOCS_DEBUG=1 for details"
        click.echo(
            f"copdocs: internal error ({type(exc).__name__}: {exc}) — please report; {where}",
            err=True,
        )
        sys.exit(1)
