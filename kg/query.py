"""SPARQL over the store: ad-hoc queries, a library of saved queries, parameters, formats, timeouts.

A query is given as SPARQL text, as a path to a ``.rq`` file, or as the name of
a saved query (``kg/queries/NAME.rq``). The ontology's prefixes (``kg:``,
``rel:``, ``mod:``, ``actor:`` ...) are preloaded. Parameters are bound by the
engine (pyoxigraph substitutions, SPARQL SEP-0007), never spliced into the
text; the engine only binds variables of the top-level ``SELECT`` projection,
so a query must project its parameters (or use ``SELECT *``).

Saved queries are data files with a comment header::

    # title: Arms suppliers of an actor
    # description: Who supplies weapons to the recipient, with claims and sources.
    # plan: the recipient's claims and the relation's claims, joined on the claim.
    # param: recipient actor required -- the actor receiving the arms
    # param: from date = 0001-01-01 -- earliest date

The description is for users (``kg queries``); the plan, for whoever edits the
query, says how it is meant to run (``kg queries --verbose`` shows it).

Parameter types: ``actor`` (a name as a user types it, resolved to the actor
IRI), ``relation``, ``modality``, ``date``, ``int``, ``decimal``, ``bool``,
``string`` and ``iri`` (``<...>`` or a prefixed name).

A saved query's parameter named ``limit`` of type ``int`` is not a variable: it
caps the number of rows. The query is written with its default, ``LIMIT 200``
(wherever the limit belongs, e.g. in the subquery that sorts by support, so that
only those rows get labels), and the parameter rewrites every ``LIMIT <default>``
clause (``0`` removes them: all rows); a query without such a clause gets one
at the end. A query that can return 100k rows declares ``# param: limit int = 200``.
A query that also needs the number in an expression uses ``?limit``, bound to it
(``0``: all rows); the engine binds only projected variables, so the query
projects it, and :func:`run` leaves that column out of the result.

Writing saved queries for Oxigraph's planner: the engine plans a query before it
binds the parameters, so it sees every parameter as unbound. A saved query
therefore names its parameters through ``BIND(COALESCE(?p, kg:unbound) AS ?x)``
and matches ``?x``: the planner then knows ``?x`` is bound and starts there (an
unbound optional parameter gives ``kg:unbound``, which matches nothing). A
pattern that scans a whole property (``?c kg:relation ?r``) goes in its own
subquery, joined by hash on the claim, and a parameter must be projected by
every subquery that uses it (bindings reach a subquery only through its
projection). Aggregation runs on IRIs; labels and ids are added afterwards.
A lookup (one index seek) costs 10-40 us at 1M claims, a row of a range scan
well under 1 us: looking each of a hub's 40k claims up once per property is
seconds, which is why the aggregate queries read the store's counts
(``kg:Summary``, ``kg:ContestedStatement``, ``kg:ActorMonth``: see
:mod:`kg.store`) instead of the claims. After a subquery, the planner joins a
plain pattern by hash, scanning the whole property; an OPTIONAL holding one
pattern, or one property path, runs row by row when its variable is one the
subquery binds (not one a BIND or another OPTIONAL binds: that is hashed too),
so what every row has (labels, notations, a summary's ends) is fetched that way;
the subquery must bind it in every branch (a variable an OPTIONAL may leave
unbound makes every later OPTIONAL on it a full scan). A plain pattern after a
subquery runs row by row when the subquery has a LIMIT (the planner then knows
it is small; a LIMIT no answer reaches serves).
A VALUES block outside a UNION makes each branch scan every graph first: each
branch binds its own. A claim's document is the graph it lives in: ``GRAPH ?d
{ ?c kg:subject ?x }`` gives it without a lookup. Compare IRIs with
``sameTerm``, not ``!=``, where millions of rows are compared (but ``=`` where
Virtuoso must agree), and keep ``SAMPLE``/``MIN``/``MAX`` of IRIs to small
groups: these read the IRIs' text. A query that can return many rows sorts on
its keys, cuts at its ``limit`` and only then fetches the rest (evidence, file
names, labels). Each saved query's ``# plan:`` says how it is meant to run.

On a SPARQL server (``sparql+http://`` stores) the parameters travel as VALUES
blocks of serialised RDF terms, placed by :func:`values_for_server` in every
group the embedded engine's bindings would reach, so the same saved query gives
the same rows on both. (Virtuoso 7 does not join a variable that a subquery
projects but leaves unbound: ``accusations`` with one or no parameter and
``contested`` without ``relation`` are tested on Oxigraph Server only.)

Examples
--------
>>> import tempfile
>>> from kg.model import Actor, Claim, Document
>>> from kg.store import Store
>>> store = Store(tempfile.mkdtemp())
>>> ru, am = Actor("russia", "Russia", "State", ("Moscow",)), Actor("armenia", "Armenia", "State")
>>> _ = store.write_document(Document("Russia arms Armenia.", "a.txt"), [
...     Claim(ru, "supplies-arms-to", am, evidence="Russia arms Armenia.", document="a.txt")])
>>> r = run(store, "arms-suppliers", {"recipient": "Armenia"})
>>> [row["supplier"] for row in r.records()]
['actor:russia']
>>> print(format_result(r, "csv", store=store).splitlines()[0])
supplier,supplierLabel,modality,claims,documents,first,last,recipient
>>> run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Claim }").records()
[{'n': '1'}]
>>> run(store, "SELECT ?x WHERE { ?x a }")
Traceback (most recent call last):
...
kg.query.QueryError: invalid SPARQL at line 1, column 25: ...
>>> store.close()
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

__all__ = [
    "QueryError", "QueryTimeout", "Param", "SavedQuery", "Result", "saved_queries", "load_query",
    "bind", "prepare", "run", "format_result", "FORMATS", "queries_dir", "values_for_server",
]

FORMATS = ("table", "csv", "json", "ttl")
TYPES = ("actor", "relation", "modality", "date", "int", "decimal", "bool", "string", "iri")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ACTOR_NAMES = {"actor", "subject", "object", "source", "target", "a", "b"}


class QueryError(Exception):
    """A query problem to report in one line: bad SPARQL, unknown saved query or parameter, bad value."""


class QueryTimeout(QueryError):
    """The query ran longer than its time limit and was stopped."""


@dataclass(frozen=True)
class Param:
    """A declared parameter of a saved query."""

    name: str
    type: str = "string"
    default: str | None = None
    required: bool = False
    description: str = ""

    def usage(self) -> str:
        extra = " required" if self.required else (f" = {self.default}" if self.default is not None else " (optional)")
        return f"{self.name}: {self.type}{extra}"


@dataclass
class SavedQuery:
    """A query of the library: its name (the file's stem), header and text."""

    name: str
    title: str
    description: str
    params: list = field(default_factory=list)
    text: str = ""
    path: Path | None = None
    plan: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def queries_dir() -> Path:
    """The directory of the saved query library (``kg/queries``)."""
    return Path(__file__).parent / "queries"


_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*)?(?P<type>[a-z]+)?\s*(?P<req>required)?\s*"
    r"(?:=\s*(?P<default>\S+))?\s*(?:--\s*(?P<desc>.*))?$")


def parse_header(name: str, text: str, path: Path | None = None) -> SavedQuery:
    """Read a saved query's comment header (``# title:``, ``# description:``, ``# plan:``, ``# param:`` lines).

    A line starting ``#   `` continues the header line before it.

    >>> q = parse_header("x", "# title: T\\n# description: D\\n#   more\\n# plan: P\\n# param: who actor required -- w\\nSELECT ?who {}")
    >>> q.title, q.description, q.plan, q.params[0].usage()
    ('T', 'D more', 'P', 'who: actor required')
    """
    q = SavedQuery(name, name, "", [], text, path)
    last = None
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("#"):
            if s:
                break
            continue
        body = s[1:].strip()
        m = re.match(r"^(title|description|plan|param)\s*:\s*(.*)$", body)
        if m:
            key, value = m.groups()
            if key == "param":
                pm = _PARAM_RE.match(value.strip())
                if not pm:
                    raise QueryError(f"{path or name}: bad param line {value!r}")
                ptype = pm["type"] or "string"
                if ptype not in TYPES:
                    raise QueryError(f"{path or name}: unknown parameter type {ptype!r} (use {', '.join(TYPES)})")
                q.params.append(Param(pm["name"], ptype, pm["default"], bool(pm["req"]), (pm["desc"] or "").strip()))
                last = "param"
            else:
                setattr(q, key, value.strip())
                last = key
        elif last in ("title", "description", "plan") and line.startswith("#   ") and body:
            setattr(q, last, (getattr(q, last) + " " + body).strip())
        elif last == "param" and line.startswith("#   ") and body:
            p = q.params[-1]
            q.params[-1] = Param(p.name, p.type, p.default, p.required, (p.description + " " + body).strip())
    return q


def saved_queries() -> dict[str, SavedQuery]:
    """The saved query library, by name.

    >>> sorted(saved_queries())[:3]
    ['accusations', 'alliances', 'arms-suppliers']
    """
    out = {}
    for f in sorted(queries_dir().glob("*.rq")):
        out[f.stem] = parse_header(f.stem, f.read_text(encoding="utf-8"), f)
    return out


def load_query(spec: str) -> tuple[str, SavedQuery | None]:
    """The SPARQL text of ``spec`` (saved query name, ``.rq`` file or query text) and its saved header if any."""
    spec = spec.strip() if isinstance(spec, str) else str(spec)
    library = saved_queries()
    if spec in library:
        return library[spec].text, library[spec]
    if "\n" not in spec and (spec.endswith((".rq", ".sparql")) or "/" in spec) and not re.search(r"[{}?]", spec):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"no such query file: {spec}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read {spec}: {exc}") from None
        return text, parse_header(path.stem, text, path) if text.lstrip().startswith("#") else None
    if re.fullmatch(r"[A-Za-z0-9_-]+", spec):
        close = difflib.get_close_matches(spec, library, n=3, cutoff=0.5)
        hint = f" (did you mean: {', '.join(close)}?)" if close else " (see: kg queries)"
        raise QueryError(f"unknown saved query {spec!r}{hint}")
    return spec, None


# ---------------------------------------------------------------------------- parameters

def _infer_type(name: str, value: str) -> str:
    from .vocab import PREFIXES

    if value.startswith("<") and value.endswith(">"):
        return "iri"
    if re.fullmatch(r"[A-Za-z][\w-]*:[^\s]*", value) and value.split(":", 1)[0] in PREFIXES:
        return "iri"
    if name.lower() in _ACTOR_NAMES or name.lower().endswith("actor"):
        return "actor"
    if re.fullmatch(r"-?\d+", value):
        return "int"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "date"
    return "string"


def _term(store, name: str, ptype: str, value: str):
    from .vocab import MOD, PREFIXES, REL, modalities, relation

    try:
        if ptype == "actor":
            from .graph import ActorError, resolve

            try:
                return ox.NamedNode("https://w3id.org/geokg/actor/" + resolve(store, value))
            except ActorError as exc:
                raise QueryError(f"parameter {name}: {exc}") from None
        if ptype == "relation":
            return ox.NamedNode(str(REL[relation(value).id]))
        if ptype == "modality":
            if value not in modalities():
                raise ValueError(f"unknown modality {value!r} (use {', '.join(modalities())})")
            return ox.NamedNode(str(MOD[value]))
        if ptype == "date":
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(_XSD + "date"))
        if ptype == "int":
            if not re.fullmatch(r"\s*[-+]?\d+\s*", value):
                raise ValueError(f"not a whole number: {value!r}")
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
        if ptype == "decimal":
            float(value)
            return ox.Literal(value, datatype=ox.NamedNode(_XSD + "decimal"))
        if ptype == "bool":
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(f"not a boolean: {value!r}")
            return ox.Literal("true" if value.lower() in ("true", "1", "yes") else "false",
                              datatype=ox.NamedNode(_XSD + "boolean"))
        if ptype == "iri":
            if value.startswith("<") and value.endswith(">"):
                return ox.NamedNode(value[1:-1])
            prefix, _, local = value.partition(":")
            if prefix in PREFIXES:
                return ox.NamedNode(PREFIXES[prefix] + local)
            return ox.NamedNode(value)
        return ox.Literal(value)
    except QueryError:
        raise
    except (ValueError, TypeError) as exc:
        raise QueryError(f"parameter {name}: {exc}") from None


def bind(store, params: dict | None, saved: SavedQuery | None = None) -> dict:
    """Turn ``{"name": "value"}`` (or ``"name:type"`` keys) into engine bindings, by declared or inferred type.

    Declared defaults fill missing parameters; a missing required one is an error.

    >>> bind(None, {"n:int": "3", "when": "2020-09-20"})
    {'n': <Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>, 'when': <Literal value=2020-09-20 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>}
    """
    out = {}
    given = {}
    for key, value in (params or {}).items():
        name, _, ptype = str(key).partition(":")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r} (a SPARQL variable name, without '?')")
        if ptype and ptype not in TYPES:
            raise QueryError(f"parameter {name}: unknown type {ptype!r} (use {', '.join(TYPES)})")
        given[name] = (ptype, str(value))
    if saved is not None and saved.params:
        declared = {p.name: p for p in saved.params}
        unknown = [n for n in given if n not in declared]
        if unknown:
            raise QueryError(f"query {saved.name!r} has no parameter {unknown[0]!r} "
                             f"(its parameters: {', '.join(p.usage() for p in saved.params)})")
        for p in saved.params:
            if p.name in given:
                ptype, value = given[p.name]
                out[p.name] = _term(store, p.name, ptype or p.type, value)
            elif p.default is not None:
                out[p.name] = _term(store, p.name, p.type, p.default)
            elif p.required:
                raise QueryError(f"query {saved.name!r} needs parameter {p.name!r} ({p.type}{': ' + p.description if p.description else ''}); "
                                 f"give --param {p.name}=VALUE")
        return out
    for name, (ptype, value) in given.items():
        out[name] = _term(store, name, ptype or _infer_type(name, value), value)
    return out


# ---------------------------------------------------------------------------- running

@dataclass
class Result:
    """A query's result, materialised.

    ``kind`` is ``"solutions"`` (SELECT), ``"boolean"`` (ASK) or ``"graph"``
    (CONSTRUCT, DESCRIBE). ``data`` is the SPARQL 1.1 Query Results JSON
    document for the first two and N-Triples for graphs.
    """

    kind: str
    data: bytes
    variables: list = field(default_factory=list)

    def solutions(self):
        """pyoxigraph solutions (or boolean) parsed from :attr:`data`."""
        return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)

    def records(self) -> list[dict]:
        """Rows as dicts of display strings (IRIs abbreviated with the ontology's prefixes; unbound left out)."""
        if self.kind != "solutions":
            raise QueryError("records() is for SELECT results")
        res = self.solutions()
        names = [v.value for v in res.variables]
        return [{n: _short(s[n]) for n in names if s[n] is not None} for s in res]

    @property
    def boolean(self) -> bool:
        return bool(json.loads(self.data)["boolean"])

    def triples(self) -> list:
        return list(ox.parse(self.data, format=ox.RdfFormat.N_TRIPLES))


def _short(term) -> str:
    from .vocab import PREFIXES

    if isinstance(term, ox.NamedNode):
        for p, iri in PREFIXES.items():
            if term.value.startswith(iri) and re.fullmatch(r"[\w.-]*", term.value[len(iri):]):
                return f"{p}:{term.value[len(iri):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _materialise(res) -> Result:
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        return Result("solutions", res.serialize(format=ox.QueryResultsFormat.JSON), variables)
    if isinstance(res, ox.QueryBoolean):
        return Result("boolean", json.dumps({"head": {}, "boolean": bool(res)}).encode())
    return Result("graph", res.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")


_LINE_OFFSET: dict = {}


def _line_offset(store) -> int:
    """How many lines the store puts before a query's text (its preloaded prefixes)."""
    key = type(store)
    if key not in _LINE_OFFSET:
        offset = 0
        try:
            store.query("(")
        except Exception as exc:  # noqa: BLE001 - the parser's complaint, whatever its class
            m = _POSITION.search(str(exc))
            offset = int(m.group(1)) - 1 if m else 0
        _LINE_OFFSET[key] = offset
    return _LINE_OFFSET[key]


_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)")


def _syntax_message(store, msg: str) -> str | None:
    m = _POSITION.search(msg)
    if not m:
        return None
    line = max(int(m.group(1)) - _line_offset(store), 1)
    return f"invalid SPARQL at line {line}, column {m.group(2)}: {m.group(3)}"


_BIND_TOKEN = re.compile(r"[?$]\w+|[{}()*]|\b(?:SELECT|AS|VALUES|WHERE|CONSTRUCT)\b", re.I)


def values_for_server(text: str, bindings: dict) -> str:
    """The query with the bindings as VALUES blocks wherever the embedded engine's substitutions reach.

    pyoxigraph binds a parameter before evaluating: in the top-level WHERE group,
    every group nested in it (union branches, optionals), and every subquery
    that projects it (its evaluation starts from the outer bindings of its
    projected variables). A SPARQL server evaluates each group on its own, so a
    single VALUES block at the top (what :meth:`kg.store.Store.query` sends)
    binds the parameter only after the inner groups have run. This puts a VALUES
    block, of RDF terms serialised as N-Triples, at the start of every group in
    which the embedded engine would see the parameter bound and that mentions it
    (the top-level group gets every binding): the same answers as the embedded
    engine, including for the saved queries' ``BIND(COALESCE(?p, kg:unbound) AS ?x)``.

    >>> q = ("SELECT ?n ?a WHERE { { SELECT ?a (COUNT(?c) AS ?n) WHERE { { ?c ?p ?a } UNION { ?a ?p ?c } } GROUP BY ?a }"
    ...      " { SELECT ?b WHERE { VALUES ?q { <urn:q> } ?b ?q ?a } } }")
    >>> print(values_for_server(q, {"a": ox.NamedNode("urn:x")}))  # doctest: +NORMALIZE_WHITESPACE
    SELECT ?n ?a WHERE { VALUES (?a) { (<urn:x>) } { SELECT ?a (COUNT(?c) AS ?n) WHERE { VALUES (?a) { (<urn:x>) }
      { VALUES (?a) { (<urn:x>) } ?c ?p ?a } UNION { VALUES (?a) { (<urn:x>) } ?a ?p ?c } } GROUP BY ?a }
      { SELECT ?b WHERE { VALUES ?q { <urn:q> } ?b ?q ?a } } }
    """
    from .store import _query_form, inject_values, sparql_tokens, values_clause

    if not bindings:
        return text
    form = _query_form(text)
    # one pass over the tokens: every group's span and the parameters bound in it
    groups: list[tuple[int, int, frozenset]] = []  # (after its "{", at its "}", parameters in scope)
    stack: list[tuple[str, int, frozenset]] = []   # (kind, start, scope) of the open braces
    pending: frozenset | None = None  # a subquery's projection, waiting for its WHERE group
    projection: set = set()
    star = in_projection = after_values = False
    depth_paren, last_var, seen_where, top_done = 0, None, False, False
    all_params = frozenset(bindings)
    for t in sparql_tokens(text, _BIND_TOKEN):
        tok, up = t.group(0), t.group(0).upper()
        pos = t.end()
        if in_projection and tok != "{":
            if tok == "(":
                depth_paren += 1
            elif tok == ")":
                depth_paren -= 1
                if depth_paren == 0 and last_var:
                    projection.add(last_var)
            elif tok == "*" and depth_paren == 0:
                star = True
            elif tok[0] in "?$":
                if depth_paren == 0:
                    projection.add(tok[1:])
                last_var = tok[1:]
            continue
        if up == "SELECT":
            in_projection, projection, star, depth_paren, last_var = True, set(), False, 0, None
            if stack and stack[-1][0] == "group-select":
                stack[-1] = ("subquery", stack[-1][1], stack[-1][2])
            continue
        if up == "VALUES":
            after_values = True
            continue
        if up == "WHERE":
            seen_where = True
            continue
        if tok == "{":
            outer = stack[-1][2] if stack else frozenset()
            if after_values:
                stack.append(("data", pos, outer))
                after_values = False
            elif in_projection:  # a SELECT's WHERE group
                in_projection = False
                if not top_done:
                    scope, top_done = all_params, True
                else:
                    scope = outer if star else outer & frozenset(projection)
                stack.append(("group", pos, scope))
            elif not stack and not top_done:  # the top-level group of ASK / CONSTRUCT / DESCRIBE
                if form == "CONSTRUCT" and not seen_where:
                    stack.append(("data", pos, frozenset()))  # the template
                else:
                    top_done = True
                    stack.append(("group", pos, all_params))
            else:  # a nested group, or a subquery's braces (decided when SELECT follows)
                stack.append(("group-select", pos, outer))
            continue
        if tok == "}" and stack:
            kind, start, scope = stack.pop()
            if kind in ("group", "group-select") and scope:
                groups.append((start, t.start(), scope))
            continue
        if tok[0] in "?$" or tok in "()":
            continue
        after_values = False
    inserts = []
    for start, end, scope in groups:
        body = text[start:end]
        names = {k: v for k, v in bindings.items() if k in scope and re.search(rf"[?$]{k}\b", body)}
        if start == min(g[0] for g in groups) and scope == all_params:
            names = dict(bindings)  # the top-level group: all of them
        if names:
            inserts.append((start, " " + values_clause(names)))
    if not inserts:
        return inject_values(text, bindings)
    for at, clause in sorted(inserts, reverse=True):
        text = text[:at] + clause + text[at:]
    return text


def _execute(store, text: str, bindings: dict) -> Result:
    if bindings and getattr(store, "remote", False):
        # a server binds through VALUES blocks, placed where pyoxigraph's substitutions reach
        text, bindings = values_for_server(text, bindings), {}
    try:
        return _materialise(store.query(text, bindings))
    except Exception as exc:  # noqa: BLE001 - the engine's and the store's errors, in one line
        msg = " ".join(str(exc).split()) or type(exc).__name__
        syntax = _syntax_message(store, msg) if isinstance(exc, SyntaxError) or "syntax" in msg.lower() else None
        if syntax:
            raise QueryError(syntax) from None
        m = re.search(r"does not contains? variable \?(\w+) in its SELECT projection", msg)
        if m:
            raise QueryError(f"parameter {m.group(1)!r} must be a variable of the query's SELECT projection "
                             f"(the engine binds only projected variables): add ?{m.group(1)} to the SELECT "
                             "clause or use SELECT *") from None
        if isinstance(exc, (MemoryError, KeyboardInterrupt)):
            raise
        raise QueryError(f"query failed: {msg[:500]}") from None


def _child(conn, store, store_type, location, text, bindings):
    """Run in a forked child: open the store read-only, run the query, send the materialised result."""
    import os

    try:
        if store is None:
            store = store_type(location, read_only=True)
        conn.send(("ok", _execute(store, text, bindings)))
    except QueryError as exc:
        conn.send(("error", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - anything else, reported in one line
        conn.send(("error", f"query failed: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"))
    finally:
        conn.close()
        os._exit(0)  # skip the parent's finalisers (its store handle) in the child


def _run_with_timeout(store, text: str, bindings: dict, timeout: float) -> Result:
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    _line_offset(store)  # learn it in the parent, so the child inherits it
    # An embedded store is reopened read-only in the child (a RocksDB handle must not cross a fork);
    # a remote store's HTTP client can be used as it is.
    reuse = store if getattr(store, "remote", False) else None
    proc = ctx.Process(target=_child, args=(child, reuse, type(store), store.location, text, bindings), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryTimeout(f"query stopped after the {timeout:g} s time limit (--timeout); "
                               "narrow it with more patterns, parameters or a LIMIT")
        status, payload = parent.recv()
    except EOFError:
        raise QueryError("query failed: the query process ended without a result") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if status == "error":
        raise QueryError(payload)
    return payload


def prepare(store, query: str, params: dict | None = None) -> tuple[str, dict]:
    """The SPARQL text and engine bindings :func:`run` executes for ``query`` and ``params``.

    A saved query's ``limit`` parameter becomes a ``LIMIT`` clause (none for 0).

    >>> text, b = prepare(None, "accusations", {"limit": "20"})
    >>> sorted(set(re.findall(r"LIMIT [0-9]+", text))), b["limit"].value  # the default (200) rewritten, others kept
    (['LIMIT 100000', 'LIMIT 20'], '20')
    >>> sorted(set(re.findall(r"LIMIT [0-9]+", prepare(None, "accusations", {"limit": "0"})[0])))
    ['LIMIT 100000']
    """
    text, bindings, _ = _prepare(store, query, params)
    return text, bindings


def _prepare(store, query: str, params: dict | None) -> tuple[str, dict, set]:
    """:func:`prepare`, and the columns the query projects only for the engine to bind them (not results)."""
    hidden = set()
    text, saved = load_query(query)
    bindings = bind(store, params, saved)
    p = saved.param("limit") if saved is not None else None
    if p is not None and p.type == "int":
        n = int(bindings.pop("limit").value) if "limit" in bindings else 0
        if not 0 <= n < 2 ** 63:
            raise QueryError("parameter limit: must be 0 (all rows) or a positive number of rows (below 2^63)")
        clause = re.compile(rf"\bLIMIT\s+{re.escape(p.default)}\b", re.I) if p.default else None
        if clause is not None and clause.search(_strip_comments(text)):
            body_at = len(text) - len(text.lstrip()) if not text.lstrip().startswith("#") else _body_start(text)
            text = text[:body_at] + clause.sub(f"LIMIT {n}" if n else "", text[body_at:])
        elif n:
            text = text.rstrip() + f"\nLIMIT {n}\n"
        if re.search(r"[?$]limit\b", _strip_comments(text)):
            bindings["limit"] = ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            hidden.add("limit")
    return text, bindings, hidden


#: What a query reads from the store-maintained counts (kg:Tally, kg:Summary, kg:ContestedStatement, kg:ActorMonth).
_TALLIED = re.compile(r"kg:(Tally|Summary|SummaryBin|ContestedStatement|ActorMonth|month\w*|counts\w+|claimCount|documentCount"
                      r"|summaryCount)\b|/graph/(summary/|summary-bins>|contested>|timeline>)")


def _has_tallies(store) -> bool:
    """True when the store's tallies are complete (its writer keeps them current from then on)."""
    from .store import TALLY_VERSION

    try:
        return bool(store.query(f'ASK {{ GRAPH <https://w3id.org/geokg/graph/meta> {{ kg:store kg:tallyVersion "{TALLY_VERSION}" }} }}'))
    except Exception:  # noqa: BLE001 - an unreachable store fails on the query itself, with its own message
        return True


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _body_start(text: str) -> int:
    """Offset of the first line after the leading comment header."""
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            return pos
        pos += len(line)
    return pos


def run(store, query: str, params: dict | None = None, *, timeout: float | None = None) -> Result:
    """Run a query (text, ``.rq`` file or saved query name) with bound parameters.

    Parameters
    ----------
    store : kg.store.Store
    query : str
        SPARQL 1.1 text, a path to a ``.rq`` file, or a saved query name (see :func:`saved_queries`).
    params : dict, optional
        ``{"name": "value"}``; a key may carry a type, ``"name:type"``. Values are
        converted by the declared (saved queries) or inferred type and bound by the
        engine.
    timeout : float, optional
        Seconds; the query then runs in a child process on a read-only view of
        the store and is stopped (killed) when the time is up.

    Raises
    ------
    QueryError
        Invalid SPARQL (with line and column), unknown saved query, parameter or
        actor, a bad value; :class:`QueryTimeout` when the time limit is reached.
    """
    text, bindings, hidden = _prepare(store, query, params)
    if _TALLIED.search(_strip_comments(text)) and not _has_tallies(store):
        raise QueryError("this store has no tallies (kg:Tally, kg:Summary) yet: it was written before they existed; open "
                         "it once for writing (kg ingest, or Store(location).rebuild_tallies()) to compute them")
    if timeout is not None:
        if timeout <= 0:
            raise QueryError("timeout must be a positive number of seconds")
        result = _run_with_timeout(store, text, bindings, timeout)
    else:
        result = _execute(store, text, bindings)
    if hidden and result.kind == "solutions":
        result = _without_columns(result, hidden)
    return result


def _without_columns(result: Result, names: set) -> Result:
    data = json.loads(result.data)
    data["head"]["vars"] = [v for v in data["head"]["vars"] if v not in names]
    for row in data["results"]["bindings"]:
        for name in names:
            row.pop(name, None)
    return Result("solutions", json.dumps(data).encode(), [v for v in result.variables if v not in names])


# ---------------------------------------------------------------------------- output

def format_result(result: Result, fmt: str = "table", *, store=None, max_width: int = 60) -> str:
    """Render a result: ``table`` (aligned, IRIs abbreviated), ``csv``, ``json`` (SPARQL 1.1
    Query Results JSON) or ``ttl`` (Turtle, for CONSTRUCT and DESCRIBE)."""
    from .vocab import PREFIXES

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if result.kind == "graph":
        if fmt == "json" or fmt == "csv":
            raise QueryError(f"--format {fmt} is for SELECT and ASK results; use ttl (or table) for CONSTRUCT and DESCRIBE")
        out = io.BytesIO()
        ox.serialize(result.triples(), out, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
        return out.getvalue().decode("utf-8")
    if fmt == "ttl":
        raise QueryError("--format ttl is for CONSTRUCT and DESCRIBE; use table, csv or json for SELECT and ASK")
    if fmt == "json":
        return result.data.decode("utf-8")
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + ("\n" if fmt == "table" else "\r\n")
    if fmt == "csv":
        return result.solutions().serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    rows = result.records()
    cols = result.variables
    if not rows:
        return "(no results)\n"

    def cell(v: str | None) -> str:
        v = (v or "").replace("\n", " ")
        return v if len(v) <= max_width else v[: max_width - 1] + "\u2026"

    table = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in table]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
