"""The copdocs command line: a few lines per command over the pipeline and index libraries."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from copdocs import __version__
from copdocs.batching import COMMIT_EVERY
from copdocs.output import emit_json, render_marks, style, use_color


class UserError(click.ClickException):
    """A mistake or missing precondition on the user's side: one line, exit 2."""

    exit_code = 2


class Context:
    def __init__(self, index: Path | None) -> None:
        self._index = index

    @property
    def index_dir(self) -> Path:
        if self._index is not None:
            return self._index
        from index.store import default_index_dir

        return default_index_dir()


def _index_errors(func):
    """Turn the libraries' one-line errors into click errors."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from index.errors import IndexBusy, IndexUnavailable

        try:
            return func(*args, **kwargs)
        except IndexUnavailable as exc:
            raise UserError(str(exc)) from exc
        except IndexBusy as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


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
    ctx.obj = Context(index)


def _dir(ctx: Context, override: Path | None) -> Path:
    return override if override is not None else ctx.index_dir


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.option(
    "-j", "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
    help="Worker processes that read and prepare files [default: one per core].",
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
@click.pass_obj
@_index_errors
def ingest(
    obj: Context,
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
    from copdocs.ingest import ingest as run_ingest
    from copdocs.reporting import IngestReporter
    from copdocs.workers import WorkerStartError

    reporter = IngestReporter(as_json, obj.index_dir, wait)
    try:
        summary = run_ingest(
            obj.index_dir, list(paths), on_result=reporter.result, wait_seconds=wait,
            jobs=jobs, prune=prune, commit_every=commit_every, on_wait=reporter.waiting,
            on_progress=reporter.progress,
        )  # fmt: skip
    except KeyboardInterrupt:
        reporter.stopped("interrupted")
        sys.exit(130)
    except WorkerStartError as exc:
        reporter.stopped("stopped")
        raise click.ClickException(str(exc)) from exc
    reporter.summary(summary)
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 10000))
@json_option
@index_option
@click.pass_obj
@_index_errors
def search(obj: Context, query: tuple[str, ...], limit: int, as_json: bool, index: Path | None):
    """Search sections. Words all match; "quoted phrases"; OR; -word; doc:, year:, symbol:."""
    from index.search import QueryError
    from index.search import search as run_search

    text = " ".join(query)
    try:
        result = run_search(_dir(obj, index), text, limit=limit)
    except QueryError as exc:
        raise UserError(str(exc)) from exc
    if as_json:
        for hit in result.hits:
            record = vars(hit).copy()
            record.pop("literal")
            record["matches"] = [list(m) for m in hit.matches]
            emit_json(record)
        return
    color = use_color()
    if not result.hits:
        click.echo(f"no sections match {text!r}", err=True)
        return
    for hit in result.hits:
        heading = " ".join(p for p in (hit.number, hit.heading) if p) or "(untitled section)"
        click.echo(f"{hit.rank}. {style(heading, color, bold=True)}")
        trail = " › ".join([hit.title, *hit.path[:-1]]) if hit.path else hit.title
        click.echo(f"   {style(trail, color, dim=True)}")
        if hit.snippet:
            click.echo(f"   {render_marks(hit.snippet, color)}")
        click.echo(f"   {style(hit.section_id, color, fg='cyan')}")
    shown = len(result.hits)
    more = f" (showing {shown}; --limit for more)" if result.total > shown else ""
    count = f"{result.total}" if result.exact else f"more than {result.total}"
    click.echo(f"{count} matching sections{more}", err=True)


@cli.command()
@json_option
@click.pass_obj
@_index_errors
def docs(obj: Context, as_json: bool) -> None:
    """List the ingested documents."""
    from index.catalog import documents

    for doc in documents(obj.index_dir):
        if as_json:
            emit_json({"doc_id": doc.doc_id, "title": doc.title, "source": doc.source,
                       "format": doc.format, "sections": doc.sections, "symbol": doc.symbol})
        else:
            symbol = f" [{doc.symbol}]" if doc.symbol else ""
            click.echo(f"{doc.doc_id}\t{doc.sections:4d} sections\t{doc.title}{symbol}")


@cli.command()
@click.argument("doc_id", required=False)
@json_option
@click.pass_obj
@_index_errors
def sections(obj: Context, doc_id: str | None, as_json: bool) -> None:
    """List sections (of one document, or of all), in document order."""
    from index.catalog import has_document
    from index.catalog import sections as list_sections

    if doc_id is not None and not has_document(obj.index_dir, doc_id):
        raise UserError(f"no document {doc_id!r} in the index (see 'copdocs docs')")
    color = use_color()
    for section in list_sections(obj.index_dir, doc_id):
        if as_json:
            emit_json(_section_record(section))
        else:
            heading = " ".join(p for p in (section.number, section.heading) if p)
            heading = heading or "(leading text)"
            indent = "  " * (section.level - 1)
            click.echo(f"{indent}{heading}  {style(section.section_id, color, fg='cyan')}")


@cli.command()
@click.argument("section_id")
@json_option
@click.pass_obj
@_index_errors
def show(obj: Context, section_id: str, as_json: bool) -> None:
    """Show one section in full."""
    from index.catalog import section as get_section

    found = get_section(obj.index_dir, section_id)
    if found is None:
        raise UserError(f"no section {section_id!r} in the index")
    if as_json:
        record = _section_record(found)
        record.update(path=found.path, title=found.title, source=found.source)
        emit_json(record)
        return
    color = use_color()
    click.echo(style(found.title, color, dim=True))
    click.echo(style(" › ".join(found.path) or "(leading text)", color, bold=True))
    click.echo()
    click.echo(found.text)


REF_FIELDS = ("query", "symbol", "relation", "doc_id", "section_id", "heading", "title",
              "context", "url")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("symbol", nargs=-1, required=True, type=click.UNPROCESSED)
@json_option
@click.pass_obj
@_index_errors
def refs(obj: Context, symbol: tuple[str, ...], as_json: bool) -> None:
    """Where a UN symbol or decision is cited, what it is, and its relatives.

    SYMBOL may be typed in any case, full-width, with spaces around slashes, or as a draft
    ("-/CP.13"): copdocs refs FCCC/SBSTA/2007/L.19
    """
    from index.refs import MalformedSymbol, lookup

    typed = " ".join(symbol)
    try:
        canonical, hits = lookup(obj.index_dir, typed)
    except MalformedSymbol as exc:
        raise UserError(str(exc)) from exc
    if as_json:
        for hit in hits:
            emit_json({name: getattr(hit, name) for name in REF_FIELDS})
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
@click.pass_obj
@_index_errors
def symbols(obj: Context, as_json: bool, kind: str | None) -> None:
    """Every UN symbol and decision in the index, with mentions and citing documents."""
    from index.refs import symbol_counts

    for entry in symbol_counts(obj.index_dir, kind):
        if as_json:
            emit_json({"symbol": entry.symbol, "kind": entry.kind, "count": entry.count,
                       "docs": entry.docs})
        else:
            click.echo(f"{entry.symbol}\t{entry.kind}\t{entry.count} mentions\t{entry.docs} docs")


def _section_record(section) -> dict:
    return {
        "doc_id": section.doc_id,
        "section_id": section.section_id,
        "number": section.number,
        "heading": section.heading,
        "level": section.level,
        "parent_id": section.parent_id,
        "text": section.text,
    }


def main() -> None:
    cli(prog_name="copdocs")


def search_main() -> None:
    """The ``search`` shortcut: ``search QUERY`` is ``copdocs search QUERY``."""
    cli(args=["search", *sys.argv[1:]], prog_name="copdocs")
