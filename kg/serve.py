"""A read-only SPARQL 1.1 Protocol endpoint over the store.

``kg serve`` answers ``GET`` and ``POST`` at ``/sparql`` (and ``/query``, the
path the ``sparql+http://HOST:PORT/`` store location expects), so YASGUI,
rdflib's ``SPARQLStore``, SPARQLWrapper, notebooks and kg itself can query it:

* ``GET /sparql?query=...``, ``POST`` with ``application/x-www-form-urlencoded``
  (``query=...``) or with an ``application/sparql-query`` body;
* results by content negotiation (``Accept``) or a ``format`` parameter:
  SELECT and ASK as JSON (``application/sparql-results+json``, the default),
  XML, CSV or TSV; CONSTRUCT and DESCRIBE as N-Triples (default), Turtle or
  RDF/XML;
* updates are refused with 403 and a one-line message; ``default-graph-uri`` and
  ``named-graph-uri`` are refused with 400 (queries always see the union of the
  store's graphs);
* each query runs in a worker process that is killed at the timeout (503);
  results past the row limit are cut there and the response says so in the
  ``X-KG-Truncated`` header;
* cross-origin requests are allowed (CORS), so a browser page such as YASGUI
  can query it.

Queries see the store as of the last time a writer closed or flushed it: the
workers open the store read-only and reopen it when its files change.

Examples
--------
>>> negotiate("text/csv;q=0.9, application/sparql-results+json", "SELECT")
'json'
>>> negotiate("text/turtle", "CONSTRUCT")
'ttl'
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["Endpoint", "make_server", "serve", "negotiate", "TABULAR", "GRAPH_FORMATS"]

#: format id -> media type
TABULAR = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
           "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_FORMATS = {"nt": "application/n-triples", "ttl": "text/turtle", "rdf": "application/rdf+xml"}
_ALIASES = {"application/json": "json", "text/json": "json", "application/xml": "xml", "text/xml": "xml",
            "text/plain": "nt", "application/x-turtle": "ttl", "json": "json", "xml": "xml", "csv": "csv",
            "tsv": "tsv", "nt": "nt", "ntriples": "nt", "n-triples": "nt", "ttl": "ttl", "turtle": "ttl",
            "rdf": "rdf", "rdfxml": "rdf"}


def negotiate(accept: str | None, form: str) -> str | None:
    """The best format id for an ``Accept`` header (or ``format`` value) and query form; None if none fits."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    offered = {**{v: k for k, v in (GRAPH_FORMATS if graph else TABULAR).items()},
               **{k: v for k, v in _ALIASES.items() if (v in GRAPH_FORMATS) == graph}}
    default = "nt" if graph else "json"
    if not accept:
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def _form(query: str) -> str:
    from .store import _query_form

    return _query_form(query)


# ---------------------------------------------------------------------------- worker process

def _worker(location: str, conn, max_rows: int) -> None:
    """Answer (query, format) requests on ``conn`` from a read-only store, reopened when its files change."""
    from .store import Store, StoreError

    store, stamp = None, None
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        query, fmt = msg
        try:
            now = _stamp(location)
            if store is None or now != stamp:
                if store is not None:
                    store.close()
                store, stamp = Store(location, read_only=True), now
            conn.send(_answer(store, query, fmt, max_rows))
        except StoreError as exc:
            conn.send((400, "text/plain", f"{exc}\n".encode(), False))
        except Exception as exc:  # pyoxigraph raises SyntaxError, OSError, ValueError...
            text = str(exc).strip().splitlines()
            conn.send((400, "text/plain", f"{type(exc).__name__}: {text[0] if text else ''}\n".encode(), False))


def _stamp(location: str):
    if location.startswith(("sparql+http://", "sparql+https://")):
        return None
    try:
        p = Path(location)
        return (p.stat().st_mtime_ns, (p / "CURRENT").stat().st_mtime_ns, len(os.listdir(p)))
    except OSError:
        return None


def _answer(store, query: str, fmt: str, max_rows: int) -> tuple[int, str, bytes, bool]:
    import pyoxigraph as ox

    res = store.query(query, prefixes=False)
    if isinstance(res, ox.QueryBoolean) or isinstance(res, bool):
        return 200, TABULAR[fmt], _boolean(bool(res), fmt), False
    if hasattr(res, "variables"):
        names = [v.value for v in res.variables]
        rows, truncated = [], False
        for s in res:
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append([s[n] for n in names])
        return 200, TABULAR[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv") else ""), _table(names, rows, fmt), truncated
    triples, truncated = [], False
    for t in res:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append(t)
    rdf = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "rdf": ox.RdfFormat.RDF_XML}[fmt]
    from .vocab import PREFIXES

    body = ox.serialize(triples, format=rdf, prefixes=dict(PREFIXES) if fmt == "ttl" else None)
    return 200, GRAPH_FORMATS[fmt], body, truncated


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{str(value).lower()}</boolean></sparql>\n").encode()
    return f"_askResult\n{str(value).lower()}\n".encode() if fmt == "csv" else f"?_askResult\n{str(value).lower()}\n".encode()


def _json_term(t) -> dict:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _table(names: list[str], rows: list[list], fmt: str) -> bytes:
    import csv
    import io
    from xml.sax.saxutils import escape, quoteattr

    if fmt == "json":
        return json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {n: _json_term(t) for n, t in zip(names, r) if t is not None} for r in rows]}},
            ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        w.writerows([["" if t is None else t.value for t in r] for r in rows])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in r) for r in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    import pyoxigraph as ox

    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head><results>")
    for r in rows:
        out.append("<result>")
        for n, t in zip(names, r):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                v = f"<uri>{escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                v = f"<bnode>{escape(t.value)}</bnode>"
            elif t.language:
                v = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
            else:
                v = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
            out.append(f"<binding name={quoteattr(n)}>{v}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


class _Pool:
    """Query worker processes; a worker that overruns the timeout is killed and replaced."""

    def __init__(self, location: str, size: int, max_rows: int):
        self.location, self.max_rows = location, max_rows
        self.ctx = mp.get_context("spawn")
        self.idle: list = []
        self.lock = threading.Condition()
        self.all: list = []
        for _ in range(size):
            self.idle.append(self._spawn())

    def _spawn(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(self.location, child, self.max_rows), daemon=True)
        proc.start()
        child.close()
        w = (proc, parent)
        self.all.append(w)
        return w

    def run(self, query: str, fmt: str, timeout: float):
        with self.lock:
            while not self.idle:
                self.lock.wait()
            w = self.idle.pop()
        proc, conn = w
        try:
            conn.send((query, fmt))
            if conn.poll(timeout):
                result = conn.recv()
                self._release(w)
                return result
        except (EOFError, OSError, BrokenPipeError):
            pass
        proc.kill()
        proc.join()
        self.all.remove(w)
        self._release(self._spawn())
        if not proc.exitcode or proc.exitcode < 0:
            return 503, "text/plain", f"query timed out after {timeout:g} s\n".encode(), False
        return 500, "text/plain", b"query worker failed\n", False

    def _release(self, w) -> None:
        with self.lock:
            self.idle.append(w)
            self.lock.notify()

    def close(self) -> None:
        for proc, conn in self.all:
            conn.close()
            proc.kill()
            proc.join()


# ---------------------------------------------------------------------------- HTTP

class Endpoint(ThreadingHTTPServer):
    """The HTTP server; ``pool`` runs the queries."""

    daemon_threads = True

    def __init__(self, address, pool: _Pool, timeout: float, max_rows: int, quiet: bool):
        super().__init__(address, _Handler)
        self.pool, self.query_timeout, self.max_rows, self.quiet = pool, timeout, max_rows, quiet

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        if not self.server.quiet:
            super().log_message(fmt, *args)

    def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-KG-Truncated")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self._handle(url.path, params)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        if length > 10_000_000:
            return self._error(413, "request too large")
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            params.setdefault("update", []).append(body)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(body)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        else:
            return self._error(415, f"unsupported request content type {ctype!r} "
                                    "(use application/x-www-form-urlencoded or application/sparql-query)")
        self._handle(url.path, params)

    def _handle(self, path: str, params: dict) -> None:
        if path.rstrip("/") not in ("/sparql", "/query", "/update", ""):
            return self._error(404, "not found: the SPARQL endpoint is /sparql")
        if "update" in params or path.rstrip("/") == "/update":
            return self._error(403, "this SPARQL endpoint is read-only: updates are refused (write with kg ingest)")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return self._error(400, "default-graph-uri and named-graph-uri are not supported: "
                                    "queries see the union of the store's graphs (use GRAPH in the query)")
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            return self._error(400, "give exactly one SPARQL query in the 'query' parameter "
                                    "(GET ?query=... or POST a form or application/sparql-query)")
        query = queries[0]
        form = _form(query)
        wanted = (params.get("format") or [None])[0]
        fmt = negotiate(_ALIASES.get(wanted.lower(), wanted) if wanted else self.headers.get("Accept"), form)
        if fmt is None:
            offered = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else TABULAR
            return self._error(406, f"cannot answer a {form} query in {wanted or self.headers.get('Accept')} "
                                    f"(offered: {', '.join(offered.values())})")
        t0 = time.perf_counter()
        status, ctype, body, truncated = self.server.pool.run(query, fmt, self.server.query_timeout)
        extra = {"X-KG-Time": f"{time.perf_counter() - t0:.4f}"}
        if truncated:
            extra["X-KG-Truncated"] = f"results cut at {self.server.max_rows} rows"
        self._send(status, ctype, body, extra)


def make_server(location: str, host: str = "127.0.0.1", port: int = 7878, *, timeout: float = 30.0,
                max_rows: int = 100_000, workers: int = 2, quiet: bool = True) -> Endpoint:
    """A ready endpoint over the store at ``location`` (call ``serve_forever``; ``server_close`` stops its workers).

    Raises ``StoreError`` if there is no store there, ``OSError`` if the port is taken.
    """
    from .store import Store

    Store(location, read_only=True).close()  # fail now, in one line, if there is no store
    pool = _Pool(location, max(1, workers), max_rows)
    try:
        return Endpoint((host, port), pool, timeout, max_rows, quiet)
    except OSError:
        pool.close()
        raise


def serve(location: str, host: str = "127.0.0.1", port: int = 7878, **options) -> None:
    """Serve the store until interrupted."""
    server = make_server(location, host, port, **options)
    try:
        server.serve_forever()
    finally:
        server.server_close()
