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
    help="Store directory (default: the user's data directory), or a SPARQL 1.1 server: "
         "sparql+http://HOST:PORT/ (Oxigraph Server), sparql+http://USER:PASSWORD@HOST:8890/sparql (Virtuoso), "
         "sparql+http://HOST:3030/DATASET (Fuseki).")]


def fail(message: str, code: int = 1) -> "typer.Exit":
    """Print a one-line error on stderr and return the exit to raise.

    Messages from libraries (a SPARQL parser's, say) may span lines: they are
    folded to one, and very long ones are cut.
    """
    line = " ".join(str(message).split())
    typer.echo(f"kg: error: {line if len(line) <= 400 else line[:399] + '…'}", err=True)
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
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extract in N processes (the model loaded once in each); one writer.")] = 1,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER_ADDRESS",
                                                help="Extract on a Dask cluster, e.g. tcp://10.0.0.5:8786.")] = None,
):
    """Extract claims from articles and store them; re-ingesting a document replaces its claims.

    Example: kg ingest seeds/ --store /tmp/kg --workers 2
    """
    from .ingest import ingest as run

    db = open_store(store)
    errors: list[str] = []
    progress = None if quiet else _Progress()
    try:
        report = run(paths, db, force=force, on_error=errors.append,
                     on_document=progress.step if progress else None, workers=workers, dask=dask)
    except KeyboardInterrupt:
        raise fail("interrupted; documents written so far are kept, the batch in progress is not", 130) from None
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
    """Count documents, claims, actors and triples, with claims by relation and modality.

    Example: kg stats --store /tmp/kg --json
    """
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
    """Check stored actors, claims and documents against the SHACL shapes (ontology/shapes.ttl).

    Example: kg validate --document 000_53b4e9787c337a0a.txt
    """
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


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped (503).")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Rows (or triples) per answer at most; the rest is cut.")] = 100_000,
    workers: Annotated[int, typer.Option(min=1, help="Queries answered at once (one process each).")] = 2,
):
    """Serve the store as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql (updates are refused).

    Example: kg serve --port 7878, then query http://127.0.0.1:7878/sparql from YASGUI or a notebook.
    """
    from .serve import make_server
    from .store import StoreError, default_location

    try:
        server = make_server(store or default_location(), host, port, timeout=timeout, max_rows=max_rows,
                             workers=workers, quiet=False)
    except StoreError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    typer.echo(f"SPARQL endpoint on http://{host}:{port}/sparql (read-only; Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# ---- rendering: render

class SizeBy(str, Enum):
    degree = "degree"
    support = "support"
    pagerank = "pagerank"
    betweenness = "betweenness"


@app.command()
def render(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("network.html"),
    store: StoreOpt = None,
    focus: Annotated[Optional[str], typer.Option(help="Show only this actor's ego network (name, alias or id).")] = None,
    hops: Annotated[int, typer.Option(min=0, help="Radius of the ego network around --focus.")] = 1,
    relation: Annotated[Optional[list[str]], typer.Option("--relation", "-r", help="Keep only this relation (repeatable).")] = None,
    exclude_relation: Annotated[Optional[list[str]], typer.Option("--exclude-relation", "-x", help="Leave out this relation (repeatable).")] = None,
    modality: Annotated[Optional[list[str]], typer.Option("--modality", "-m", help="Keep only this modality (repeatable).")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="Keep claims dated on or after this ISO date.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Keep claims dated on or before this ISO date.")] = None,
    size_by: Annotated[SizeBy, typer.Option(help="What node size shows.")] = SizeBy.degree,
    title: Annotated[Optional[str], typer.Option(help="Page title.")] = None,
    max_nodes: Annotated[int, typer.Option(min=1, help="Past this many actors, show the most connected and say so.")] = 2000,
    max_edges: Annotated[int, typer.Option(min=1, help="Past this many relations, show the best-supported and say so.")] = 10000,
):
    """Write the graph as one self-contained interactive HTML page (opens offline, safe to mail).

    Example: kg render --focus Armenia --hops 2 -o armenia.html
    """
    from .render import RenderError, render as run

    from .vocab import modalities as known_modalities, relation as check_relation
    try:
        for r in [*(relation or []), *(exclude_relation or [])]:
            check_relation(r)
    except ValueError as exc:
        raise fail(str(exc)) from None
    bad = [m for m in modality or [] if m not in known_modalities()]
    if bad:
        raise fail(f"unknown modality {bad[0]!r} (choose from {', '.join(known_modalities())})")
    from .graph import project

    db = open_store(store, read_only=True)
    try:
        graph = project(db, relations=relation or None, exclude_relations=exclude_relation or None,
                        modalities=modality or None, date_from=date_from, date_to=date_to)
        out = run(graph, output, focus=focus, hops=hops, size_by=size_by.value, title=title,
                  relations=relation or None, modalities=modality or None, date_from=date_from,
                  date_to=date_to, max_nodes=max_nodes, max_edges=max_edges)
    except RenderError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}") from None
    finally:
        db.close()
    typer.echo(f"wrote {out} ({graph.number_of_nodes()} actors, {graph.number_of_edges()} relations in the graph)")


# ---- graph layer: query, queries, path, actor, neighbors, rank

class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    ttl = "ttl"


class PathFormat(str, Enum):
    text = "text"
    json = "json"


class Measure(str, Enum):
    degree = "degree"
    pagerank = "pagerank"
    betweenness = "betweenness"


RelationOpt = Annotated[Optional[list[str]], typer.Option("--relation", "-r", help="Only this relation (repeatable).")]
ExcludeOpt = Annotated[Optional[list[str]], typer.Option("--exclude-relation", "-x", help="Leave out this relation (repeatable).")]
ModalityOpt = Annotated[Optional[list[str]], typer.Option("--modality", "-m", help="Only this modality (repeatable), e.g. -m asserted -m reported.")]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="Only claims dated on or after this ISO date.")]
ToOpt = Annotated[Optional[str], typer.Option("--to", help="Only claims dated on or before this ISO date.")]


def _graph_call(fn, *args, **kwargs):
    """Run a kg.graph function; bad names, relations, modalities and dates become one-line errors."""
    from .graph import ActorError

    try:
        return fn(*args, **kwargs)
    except ActorError as exc:
        raise fail(str(exc)) from None
    except ValueError as exc:
        raise fail(_one_line(exc).removeprefix("ValueError: ")) from None


def _params(values: Optional[list[str]]) -> dict:
    out = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise fail(f"--param wants NAME=VALUE (or NAME:TYPE=VALUE), not {item!r}")
        out[name.strip()] = value
    return out


@app.command()
def query(
    query_: Annotated[str, typer.Argument(metavar="QUERY", help="SPARQL text, a .rq file, or a saved query name (see: kg queries).")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE bound by the engine (repeatable); NAME:TYPE=VALUE to give a type.")] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="table, csv, json (SPARQL 1.1 results JSON) or ttl (CONSTRUCT/DESCRIBE).")] = QueryFormat.table,
    timeout: Annotated[Optional[float], typer.Option(help="Stop the query after this many seconds.")] = None,
    store: StoreOpt = None,
):
    """Run a SPARQL 1.1 query; the ontology's prefixes (kg:, rel:, mod:, actor: ...) are preloaded.

    Example: kg query arms-suppliers --param recipient=Armenia --format json
    """
    from .query import QueryError, format_result, run

    params = _params(param)
    db = open_store(store, read_only=True)
    try:
        result = run(db, query_, params, timeout=timeout)
        text = format_result(result, fmt.value, store=db)
    except QueryError as exc:
        raise fail(str(exc)) from None
    finally:
        db.close()
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


@app.command()
def queries(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
            verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print how each query is planned to run.")] = False):
    """List the saved queries with their descriptions and parameters.

    Example: kg queries, then kg query contested --format csv
    """
    import json
    import textwrap

    from .query import saved_queries

    library = saved_queries()
    if as_json:
        typer.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                **({"plan": q.plan} if verbose else {}),
                                "params": [p.__dict__ for p in q.params]} for q in library.values()], indent=2))
        return
    for q in library.values():
        typer.echo(f"{q.name}: {q.title}")
        typer.echo(textwrap.fill(q.description, 88, initial_indent="    ", subsequent_indent="    "))
        if verbose and q.plan:
            typer.echo(textwrap.fill("Plan: " + q.plan, 88, initial_indent="    ", subsequent_indent="    "))
        for p in q.params:
            typer.echo(f"    --param {p.usage()}" + (f"  ({p.description})" if p.description else ""))
        typer.echo("")


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="Actor name as you would type it: Aliyev, Moscow, 'the CSTO'.")],
    target: Annotated[str, typer.Argument(help="The other actor.")],
    k: Annotated[int, typer.Option("-k", min=1, help="Up to this many paths, shortest first.")] = 1,
    directed: Annotated[bool, typer.Option("--directed/--undirected", help="Follow relations from subject to object only (symmetric ones either way).")] = False,
    relation: RelationOpt = None,
    exclude_relation: ExcludeOpt = None,
    modality: ModalityOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    max_hops: Annotated[int, typer.Option(min=1, help="Longest path considered.")] = 6,
    fmt: Annotated[PathFormat, typer.Option("--format", "-f", help="text or json.")] = PathFormat.text,
    html: Annotated[Optional[Path], typer.Option(help="Also write the paths as an interactive HTML page.")] = None,
    store: StoreOpt = None,
):
    """Shortest paths between two actors; every hop shows its relation, modality, source and evidence.

    Example: kg path Aliyev Lukashenko -k 3 --modality asserted --modality reported
    """
    import json

    from .graph import paths

    db = open_store(store, read_only=True)
    try:
        found = _graph_call(paths, db, source, target, k=k, directed=directed, relations=relation or None,
                            exclude_relations=exclude_relation or None, modalities=modality or None,
                            date_from=date_from, date_to=date_to, max_hops=max_hops)
        if html is not None and found:
            from .render import render_path

            try:
                render_path(db, found, html)
            except OSError as exc:
                raise fail(f"{html}: {exc.strerror or exc}") from None
    finally:
        db.close()
    if fmt == PathFormat.json:
        typer.echo(json.dumps({"paths": [p.to_json() for p in found]}, indent=2, ensure_ascii=False))
    elif not found:
        typer.echo(f"no path between {source} and {target} within {max_hops} hops with these filters")
    else:
        for n, p in enumerate(found, 1):
            typer.echo(f"Path {n} ({len(p.hops)} hop{'s' if len(p.hops) != 1 else ''}): "
                       + " - ".join(a["label"] for a in p.actors))
            for i, h in enumerate(p.hops, 1):
                walked = "  (walked object to subject)" if h.reversed else ""
                more = f", {h.support} claims" if h.support > 1 else ""
                typer.echo(f"  {i}. {h.subject['label']} --{h.relation}--> {h.object['label']}  "
                           f"[{h.modality}{more}]{walked}")
                typer.echo(f"     {h.document}{' ' + h.date if h.date else ''}: \"{h.evidence}\"")
            typer.echo("")
    if html is not None and found:
        typer.echo(f"wrote {html}", err=True)
    if not found:
        raise typer.Exit(1)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="Actor name, alias, acronym or id.")],
    modality: ModalityOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOpt = None,
):
    """An actor's profile: type, roles and memberships, relations by type with counts, sources and dates.

    Example: kg actor "the Kremlin" -m asserted -m reported
    """
    import json

    from .graph import profile

    db = open_store(store, read_only=True)
    try:
        p = _graph_call(profile, db, name, modalities=modality or None)
    finally:
        db.close()
    if as_json:
        typer.echo(json.dumps(p, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{p['label']} ({p['id']}), {p['type']}")
    if p["aliases"]:
        typer.echo("  also: " + ", ".join(p["aliases"][:12]) + (" ..." if len(p["aliases"]) > 12 else ""))
    for r in p["roles"]:
        span = " ".join(x for x in (f"from {r['from']}" if r["from"] else "", f"until {r['until']}" if r["until"] else "") if x)
        typer.echo(f"  role: {r['office'] or '?'} of {r['in_label'] or r['in'] or '?'}" + (f" ({span})" if span else ""))

    def spans(rows, key):
        def one(m):
            status = f", {m['status']}" if m["status"] and m["status"] != "member" else ""
            years = "-".join(x[:4] for x in (m["from"], m["until"]) if x) if not m["current"] else ""
            extra = ", ".join(x for x in (status.lstrip(", "), years) if x)
            return (m["label"] or m[key]) + (f" ({extra})" if extra else "")
        now = list(dict.fromkeys(one(m) for m in rows if m["current"]))
        before = list(dict.fromkeys(one(m) for m in rows if not m["current"]))
        return now, before

    for key, title in (("memberships", "member of"), ("members", "members")):
        now, before = spans(p[key], "organization" if key == "memberships" else "member")
        if now:
            typer.echo(f"  {title}: " + ", ".join(now))
        if before:
            typer.echo(f"  formerly {title}: " + ", ".join(before))
    span = f", {p['first']} to {p['last']}" if p["first"] else ""
    typer.echo(f"  {p['claims']} claims in {len(p['documents'])} documents{span}")
    for rid, e in p["relations"].items():
        top = ", ".join(f"{p['labels'][a]} {n}" if n > 1 else p["labels"][a]
                        for a, n in list(e["counterparts"].items())[:6])
        dates = f"  {e['first']}..{e['last']}" if e["first"] else ""
        typer.echo(f"  {rid}: {e['out']} out, {e['in']} in  [{', '.join(f'{m} {n}' for m, n in e['modalities'].items())}]{dates}")
        typer.echo(f"      with {top}{' ...' if len(e['counterparts']) > 6 else ''}; sources: {', '.join(e['documents'][:3])}"
                   + (" ..." if len(e["documents"]) > 3 else ""))


@app.command()
def neighbors(
    name: Annotated[str, typer.Argument(help="Actor name, alias, acronym or id.")],
    direction: Annotated[str, typer.Option(help="both, out (actor as subject) or in (actor as object).")] = "both",
    relation: RelationOpt = None,
    exclude_relation: ExcludeOpt = None,
    modality: ModalityOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOpt = None,
):
    """An actor's direct relations: counterpart, relation, modality, direction, claims and sources.

    Example: kg neighbors Aliyev --direction out -r accuses -r criticizes
    """
    import json

    from .graph import neighbors as run

    db = open_store(store, read_only=True)
    try:
        rows = _graph_call(run, db, name, direction=direction, relations=relation or None,
                           exclude_relations=exclude_relation or None, modalities=modality or None,
                           date_from=date_from, date_to=date_to)
    finally:
        db.close()
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        arrow = "->" if r["direction"] == "out" else "<-"
        dates = f"  {r['first']}..{r['last']}" if r["first"] else ""
        typer.echo(f"{arrow} {r['relation']:26} {r['actor']['label']} ({r['actor']['id']})  "
                   f"[{r['modality']}] {r['support']} claim{'s' if r['support'] != 1 else ''}{dates}")
    if not rows:
        typer.echo("no relations with these filters")


@app.command()
def rank(
    measure: Annotated[Measure, typer.Option("--measure", help="degree, pagerank or betweenness.")] = Measure.degree,
    top: Annotated[int, typer.Option(min=1, help="How many actors to show.")] = 20,
    relation: RelationOpt = None,
    exclude_relation: ExcludeOpt = None,
    modality: ModalityOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOpt = None,
):
    """Rank actors by degree, PageRank or betweenness centrality over the chosen relations and modalities.

    Example: kg rank --measure pagerank -r accuses -r criticizes -r threatens --top 10
    """
    import json

    from .graph import load_topology, rank as run

    db = open_store(store, read_only=True)
    try:
        rows = _graph_call(run, db, measure.value, top=top, relations=relation or None,
                           exclude_relations=exclude_relation or None, modalities=modality or None,
                           date_from=date_from, date_to=date_to)
        t = load_topology(db)
    finally:
        db.close()
    if as_json:
        typer.echo(json.dumps([{"id": a, "label": t.labels[t.index[a]], "type": t.types[t.index[a]], measure.value: s}
                               for a, s in rows], indent=2, ensure_ascii=False))
        return
    for n, (a, s) in enumerate(rows, 1):
        typer.echo(f"{n:3}. {s:<12g} {t.labels[t.index[a]]} ({a}, {t.types[t.index[a]]})")


# ---- extraction: extract, eval

class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _extract_paths(paths, model):
    """(document, claims) for article files; input errors are printed and counted."""
    from .extract import ModelNotFound, extract_documents
    from .ingest import InputError, read_documents

    errors: list[str] = []

    def docs():
        for item in read_documents(paths):
            if isinstance(item, InputError):
                errors.append(str(item))
                typer.echo(f"kg: error: {item}", err=True)
            else:
                yield item

    try:
        yield from extract_documents(docs(), model=model)
    except ModelNotFound as exc:
        raise fail(str(exc)) from None
    if errors:
        _extract_paths.errors = len(errors)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .md, .html, .jsonl).", show_default=False)],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl (the gold format) or a table.")] = ExtractFormat.jsonl,
    model: Annotated[Optional[str], typer.Option(envvar="KG_SPACY_MODEL", help="spaCy model name or directory.")] = None,
):
    """Print the claims extracted from articles, without touching the store.

    Example: kg extract seeds/*.txt --format jsonl > claims.jsonl
    """
    import json

    _extract_paths.errors = 0
    try:
        for doc, claims in _extract_paths(paths, model):
            for c in claims:
                if fmt is ExtractFormat.jsonl:
                    typer.echo(json.dumps(c.to_json(), ensure_ascii=False))
                else:
                    att = f" [{c.attributed_to.label}]" if c.attributed_to else ""
                    typer.echo(f"{doc.name}\t{c.subject.label}\t{c.relation}\t{c.object.label}\t{c.modality}{att}\t{c.pattern}\t{c.evidence[:90]}")
    except BrokenPipeError:
        return
    if _extract_paths.errors:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files.", show_default=False)],
    files: Annotated[list[Path], typer.Argument(help="Prediction .jsonl files, or articles to extract first.", show_default=False)],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Per-document scores, misses and spurious triples.")] = False,
    model: Annotated[Optional[str], typer.Option(envvar="KG_SPACY_MODEL", help="spaCy model name or directory.")] = None,
):
    """Score claims against gold annotations (the score of gold-format.md).

    Example: kg eval seeds/gold seeds/*.txt --verbose
    """
    import json

    from .evaluate import format_report, score

    if not gold_dir.is_dir():
        raise fail(f"{gold_dir}: not a folder of gold JSON files")
    claims: list[dict] = []
    articles: list[Path] = []
    for f in files:
        if not f.exists():
            raise fail(f"{f}: no such file or directory")
        if f.suffix.lower() == ".jsonl" and _is_prediction_file(f):
            try:
                with f.open(encoding="utf-8") as fh:
                    claims.extend(json.loads(line) for line in fh if line.strip())
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise fail(f"{f}: not JSON Lines ({exc})") from None
        else:
            articles.append(f)
    if articles:
        _extract_paths.errors = 0
        for _doc, cs in _extract_paths(articles, model):
            claims.extend(c.to_json() for c in cs)
    try:
        result = score(gold_dir, claims, per_doc=verbose)
    except (OSError, ValueError, KeyError) as exc:
        raise fail(_one_line(exc)) from None
    typer.echo(format_report(result, verbose=verbose))


def _is_prediction_file(path: Path) -> bool:
    """A .jsonl of claims (has "relation"), not of articles (has "text")."""
    import json

    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(rec, dict) and "relation" in rec and "text" not in rec
    return True


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
    import os

    try:
        app()
    except KeyboardInterrupt:
        typer.echo("kg: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # never a traceback: one line (KG_DEBUG=1 shows the traceback)
        if os.environ.get("KG_DEBUG"):
            raise
        store = sys.modules.get("kg.store")
        if store is not None and isinstance(exc, store.StoreError):
            fail(str(exc))
            sys.exit(1)
        fail(f"internal error: {_one_line(exc)} (run with KG_DEBUG=1 for the traceback)")
        sys.exit(2)


if __name__ == "__main__":
    main()
