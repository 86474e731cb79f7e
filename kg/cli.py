"""The ``kg`` command line: a thin layer over the library.

Every command calls one documented Python function; heavy modules are imported
inside the commands so that ``kg --help`` answers at once. Errors the user can
fix are printed as one line on stderr with a non-zero exit, never a traceback.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="kg",
    help="Geopolitical actor-relationship knowledge graph: news articles in, typed claims with evidence out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

StoreOpt = Annotated[Optional[str], typer.Option(
    "--store", "-s", envvar="KG_STORE", show_envvar=True,
    help="Store directory (default: the user's data directory).")]


def fail(message: str, code: int = 1) -> "typer.Exit":
    """Print a one-line error on stderr and return the exit to raise."""
    typer.echo(f"kg: error: {message}", err=True)
    return typer.Exit(code)


def open_store(location: str | None, *, read_only: bool = False):
    """Open the store or exit with a one-line error."""
    from .store import Store, StoreError

    try:
        return Store(location, read_only=read_only)
    except StoreError as exc:
        raise fail(str(exc)) from None


# ---------------------------------------------------------------- foundation: ingest, stats, validate, export

@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt, .md, .html or .jsonl articles.", show_default=False)],
    store: StoreOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents whose text has not changed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, only the summary.")] = False,
):
    """Extract claims from articles and store them; re-ingesting a document replaces its claims.

    Example: kg ingest seeds/ --store /tmp/kg
    """
    from .ingest import ingest as run

    db = open_store(store)
    errors: list[str] = []
    progress = None if quiet else _Progress()
    try:
        report = run(paths, db, force=force, on_error=errors.append,
                     on_document=progress.step if progress else None)
    except KeyboardInterrupt:
        raise fail("interrupted; documents written so far are kept, the one in progress is not", 130) from None
    except Exception as exc:  # the model or the store failed: one line, not a traceback
        raise fail(_one_line(exc)) from None
    finally:
        if progress:
            progress.close()
        db.close()
    for e in errors:
        typer.echo(f"kg: error: {e}", err=True)
    typer.echo(report.summary())
    if report.errors:
        raise typer.Exit(1)


@app.command()
def stats(store: StoreOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False):
    """Count documents, claims, actors and triples, with claims by relation and modality."""
    import json

    db = open_store(store, read_only=True)
    s = db.stats()
    if as_json:
        typer.echo(json.dumps(s, indent=2))
        return
    for key in ("location", "documents", "claims", "actors_mentioned", "gazetteer_actors", "direct_triples", "triples"):
        typer.echo(f"{key.replace('_', ' '):18} {s[key]}")
    for group in ("by_relation", "by_modality"):
        if s[group]:
            typer.echo(f"{group.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in s[group].items()))


@app.command()
def validate(store: StoreOpt = None,
             document: Annotated[Optional[str], typer.Option(help="Only this document (file name or URL).")] = None):
    """Check stored actors, claims and documents against the SHACL shapes (ontology/shapes.ttl)."""
    from .store import StoreError

    db = open_store(store, read_only=True)
    try:
        conforms, messages = db.validate(document)
    except StoreError as exc:
        raise fail(str(exc)) from None
    for m in messages:
        typer.echo(m)
    typer.echo("conforms" if conforms else f"does not conform ({len(messages)} violations shown)")
    if not conforms:
        raise typer.Exit(1)


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.ttl,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    store: StoreOpt = None,
    reference: Annotated[bool, typer.Option(help="Include the ontology and the gazetteer (RDF formats).")] = False,
):
    """Export the graph: RDF (ttl, nt, nq, trig, jsonld), a network (graphml, gexf) or a claims table (csv).

    Example: kg export --format graphml -o graph.graphml
    """
    from .export import export as run

    db = open_store(store, read_only=True)
    try:
        if output is None:
            run(db, fmt.value, sys.stdout.buffer, include_reference=reference)
        else:
            with open(output, "wb") as out:
                run(db, fmt.value, out, include_reference=reference)
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}") from None


# ---------------------------------------------------------------- helpers

class _Progress:
    """A progress bar on stderr for long runs (shown only on a terminal)."""

    def __init__(self):
        self.n = 0
        self.tty = sys.stderr.isatty()

    def step(self, doc, outcome: str) -> None:
        self.n += 1
        if self.tty:
            sys.stderr.write(f"\r{self.n} documents; last: {doc.name[:50]} ({outcome})\033[K")
            sys.stderr.flush()

    def close(self) -> None:
        if self.tty and self.n:
            sys.stderr.write("\n")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def main() -> None:
    """Entry point of the ``kg`` console script."""
    app()


if __name__ == "__main__":
    main()
