"""Write the walkthrough notebooks (``notebooks/*.ipynb``) from the cell texts below.

The notebooks are committed without outputs; ``tests/test_notebooks.py`` executes
each of them in a fresh kernel and checks that this script reproduces them
exactly. After editing a cell here, regenerate them with::

    .venv/bin/python notebooks/make_notebooks.py

Cells are ``md(...)`` (markdown for the analyst: what the step shows and why) or
``code(...)`` (short code using the public ``kg`` API). A code cell may carry a
tag, which the tests use to find the cell whose output they check.
"""
from __future__ import annotations

import sys
from pathlib import Path
from textwrap import dedent

import nbformat

HERE = Path(__file__).resolve().parent


def md(text: str) -> tuple:
    return ("markdown", dedent(text).strip("\n"), None)


def code(text: str, tag: str | None = None) -> tuple:
    return ("code", dedent(text).strip("\n"), tag)


SETUP_NOTE = md("""
    Every notebook works in its **own temporary store** (a fresh directory from
    `tempfile.mkdtemp()`), so it never touches your default store (`kg stats` with no
    `--store`), and several notebooks can run at the same time. The last cell deletes it.
    The notebooks expect to run from the `notebooks/` folder of the repository (that is
    where Jupyter opens them), so the seed articles are in `../seeds`.
""")

CLEANUP = [
    md("""
        ## Clean up

        Closing the store releases its lock (one writer at a time); then the temporary
        directory goes.
    """),
    code("""
        store.close()
        shutil.rmtree(workdir)
    """),
]


def ingest_seeds(prefix: str) -> tuple:
    return code(f"""
        import shutil
        import tempfile
        from pathlib import Path

        import pandas as pd

        from kg.ingest import ingest
        from kg.store import Store

        pd.set_option("display.max_colwidth", 100)
        SEEDS = Path("../seeds").resolve()
        workdir = Path(tempfile.mkdtemp(prefix="kg-{prefix}-"))
        store = Store(workdir / "store")
        print(ingest([SEEDS], store).summary())
    """)


# ---------------------------------------------------------------------------- 01 quick start

QUICKSTART = [
    md("""
        # 1. Quick start: from articles to claims

        `kg` reads news articles about international politics and turns them into a graph of
        **who did what to whom, according to whom**. Each sentence can yield *claims*: a
        subject, one of 31 typed relations (`accuses`, `supplies-arms-to`, `allies-with`, ...)
        and an object, together with the sentence that supports it, its *modality* (asserted,
        reported, alleged, denied, negated, intended), who the claim is attributed to, and when.

        This notebook walks through the basic loop:

        1. open a store and ingest the two seed articles;
        2. look at what was stored: documents, summary counts, claims and actors, as pandas tables;
        3. run the extractor on a single sentence to see where claims come from;
        4. validate everything stored against the ontology's SHACL shapes.

        The following notebooks build on this: `02-sparql` (queries), `03-paths-and-centrality`
        (the network) and `04-visualisation` (the interactive page).
    """),
    SETUP_NOTE,
    code("""
        import shutil
        import tempfile
        from pathlib import Path

        import pandas as pd

        import kg
        from kg.export import claims_table
        from kg.ingest import ingest
        from kg.store import Store

        pd.set_option("display.max_colwidth", 100)
        SEEDS = Path("../seeds").resolve()
        workdir = Path(tempfile.mkdtemp(prefix="kg-quickstart-"))
        store = Store(workdir / "store")
        print(f"kg {kg.__version__}; store in {store.location}")
    """),
    md("""
        ## Ingest the seed articles

        `ingest` takes files or folders (`.txt`, `.md`, `.html`, or `.jsonl` with one
        `{text, date, url, title}` record a line), extracts the claims of each document and
        writes each document in one transaction. Folders are searched recursively; a
        folder's README and hidden files are skipped, so `seeds/` yields its two articles
        (the gold annotations in `seeds/gold/` are `.json`, not an input format).
    """),
    code("""
        report = ingest([SEEDS], store)
        print(report.summary())
    """, "ingest"),
    md("""
        Ingesting is idempotent: a document whose text has not changed is recognised and
        skipped, so re-running a folder only processes what is new or edited (pass
        `force=True` to re-extract anyway).
    """),
    code("""
        print(ingest([SEEDS], store).summary())
    """),
    md("""
        ## What is in the store

        The stored documents, with the title and date read from the file and the number of
        claims extracted from each. The date comes from the article's dateline when it has
        one; claims are dated by the date a sentence gives ("on August 13"), else by the
        article's date, so an undated article yields undated claims unless its sentences
        say when.
    """),
    code("""
        documents = pd.DataFrame(store.documents()).drop(columns="iri")
        documents
    """, "documents"),
    md("""
        `store.stats()` gives the headline numbers. *Actors mentioned* are the actors the
        claims are about; the *gazetteer* is the reference list of states, organisations and
        officials that `kg` ships with (names, aliases, memberships), which lets the extractor
        recognise "Moscow" or "the Kremlin" as Russia. *Direct triples* are the plain
        `subject relation object` facts implied by asserted and reported claims.
    """),
    code("""
        stats = store.stats()
        pd.Series({k: stats[k] for k in ("documents", "claims", "actors_mentioned", "direct_triples", "gazetteer_actors")})
    """),
    md("""
        Claims by relation and by modality. Most news sentences *report* what someone said,
        so modality matters as much as the relation: "Moscow denied supplying arms" is a
        claim with modality `denied`, not evidence of arms supplies.
    """),
    code("""
        by_relation = pd.Series(stats["by_relation"], name="claims").rename_axis("relation")
        by_modality = pd.Series(stats["by_modality"], name="claims").rename_axis("modality")
        display(by_relation.to_frame().T, by_modality.to_frame().T)
    """),
    md("""
        ## The claims as a table

        `claims_table(store)` returns every stored claim as a flat record: subject and object
        (id and label), relation, modality, who the claim is attributed to, the source
        document, the event date and the evidence sentence. It is the quickest way into pandas.
    """),
    code("""
        claims = pd.DataFrame(claims_table(store))
        print(len(claims), "claims")
        claims[["subject_label", "relation", "object_label", "modality", "attributed_to", "date", "document"]].head(15)
    """, "claims"),
    md("""
        Every claim keeps the sentence it was read from, so any number can be traced back to
        the text. For example, every claim about arms supplies:
    """),
    code("""
        claims.loc[claims.relation == "supplies-arms-to", ["subject_label", "object_label", "modality", "evidence"]]
    """),
    md("""
        Claims that are not simply asserted by the article: reported (attributed to a
        speaker), alleged, denied, negated or intended. `attributed_to` says who makes the
        claim, when the text says so.
    """),
    code("""
        claims.loc[claims.modality != "asserted", ["subject_label", "relation", "object_label", "modality", "attributed_to", "evidence"]]
    """),
    md("""
        ## The actors

        Who the claims are about, how often each actor is the subject (the one acting or
        speaking) and the object (the one acted upon):
    """),
    code("""
        sides = [
            claims[[side, f"{side}_label"]].set_axis(["actor", "label"], axis=1).assign(role=side)
            for side in ("subject", "object")
        ]
        mentions = pd.concat(sides)
        mentions["label"] = mentions["label"].fillna(mentions["actor"])
        actors = (mentions.groupby(["actor", "label"])["role"].value_counts().unstack(fill_value=0)
                  .assign(claims=lambda d: d.sum(axis=1)).sort_values("claims", ascending=False))
        actors.head(15)
    """, "actors"),
    md("""
        ## From a sentence to claims

        The extractor can also be called directly on text, which is handy to check what it
        makes of a sentence before ingesting a whole corpus. Nothing is stored.

        Two sentences: a complaint about arms supplies, then a denial. The denial becomes a
        claim of its own, with modality `denied` and attributed to the Kremlin (Russia), next
        to the asserted one: `kg` keeps both, and notebook 02 shows how to find such
        contested statements across a corpus.
    """),
    code("""
        from kg.extract import extract_text

        text = ("Azerbaijani President Ilham Aliyev complained to Vladimir Putin about Russian arms "
                "supplies to Armenia. The Kremlin denied supplying weapons to Armenia.")
        pd.DataFrame([
            {"subject": c.subject.label, "relation": c.relation, "object": c.object.label,
             "modality": c.modality, "attributed_to": c.attributed_to.label if c.attributed_to else None,
             "evidence": c.evidence}
            for c in extract_text(text)
        ])
    """, "extract"),
    md("""
        ## Validate against the shapes

        `ontology/shapes.ttl` states, in SHACL, what well-formed data looks like: a claim has
        exactly one subject, relation, object, modality and source, an evidence sentence,
        actors have a type and a label, and so on. `store.validate()` checks everything
        stored and returns `(conforms, messages)`, one readable line per violation.
    """),
    code("""
        conforms, messages = store.validate()
        print("conforms:", conforms, "-", len(messages), "violations")
        messages[:10]
    """, "validate"),
    *CLEANUP,
]


# ---------------------------------------------------------------------------- 02 SPARQL

SPARQL = [
    md("""
        # 2. Asking questions with SPARQL

        The claims are stored as RDF, so any question can be asked in SPARQL 1.1. `kg` ships
        a small library of **saved queries** for the common questions (who accuses whom, who
        arms whom, an actor's alliances and timeline, contested claims) and runs them with
        typed parameters: actor names are resolved the way an analyst types them
        ("Aliyev", "the Kremlin", "CSTO"), dates are checked, and values are bound by the
        engine, never pasted into the query text.

        This notebook runs the saved queries, then a few new ones, and plots two of them.
    """),
    SETUP_NOTE,
    ingest_seeds("sparql"),
    md("""
        `run(store, query, params)` takes a saved query's name, a path to a `.rq` file or
        SPARQL text, and returns a `Result`; `records()` gives its rows as dictionaries, with
        IRIs abbreviated (`actor:russia`, `rel:accuses`). A one-line helper turns a result
        into a DataFrame:
    """),
    code("""
        import matplotlib.pyplot as plt

        from kg.query import format_result, run, saved_queries


        def table(result):
            \"\"\"A SELECT result as a DataFrame, columns in the query's order.\"\"\"
            return pd.DataFrame(result.records(), columns=result.variables)
    """),
    md("""
        ## The saved queries

        Each saved query is a `.rq` file in `kg/queries/` with a comment header giving its
        title, description and parameters (name, type, default).
    """),
    code("""
        pd.DataFrame([
            {"name": q.name, "title": q.title, "parameters": ", ".join(p.usage() for p in q.params)}
            for q in saved_queries().values()
        ])
    """, "library"),
    md("""
        How many claims of each relation and modality the store holds (no parameters):
    """),
    code("""
        table(run(store, "relation-counts"))
    """, "relation-counts"),
    md("""
        Who accuses or criticises whom. Parameters are optional here: without them the query
        covers every actor.
    """),
    code("""
        table(run(store, "accusations"))
    """, "accusations"),
    md("""
        Narrowed with a parameter: only what is said against Russia. The name is resolved to
        the actor, so "Moscow" or "the Kremlin" would do as well.
    """),
    code("""
        table(run(store, "accusations", {"target": "Russia"}))
    """),
    md("""
        Who supplies arms to Armenia, by modality, with the number of claims and documents
        and the date span. A supplier that appears only as `denied` or `alleged` is a very
        different finding from an asserted one.
    """),
    code("""
        table(run(store, "arms-suppliers", {"recipient": "Armenia"}))
    """, "arms-suppliers"),
    md("""
        Armenia's alliances and memberships as the articles claim them, with modality and
        dates; then the memberships the gazetteer records, with their dates and status
        (Armenia froze its CSTO participation in 2024: the articles of 2020 and 2021 predate it).
    """),
    code("""
        display(table(run(store, "alliances", {"actor": "Armenia"})))
        gazetteer = table(run(store, "memberships", {"actor": "Armenia"}))
        print(f"...and {len(gazetteer)} memberships recorded in the gazetteer")
        gazetteer.head(10)
    """, "alliances"),
    md("""
        Aliyev's timeline: every dated claim in which he acts or is acted upon, oldest first.
        `from` and `to` have defaults, so they can be left out.
    """),
    code("""
        timeline = table(run(store, "timeline", {"actor": "Aliyev"}))
        timeline[["date", "subject", "relation", "object", "modality", "evidence"]]
    """, "timeline"),
    md("""
        Claims about Russia that someone denies, and contested statements (supported by some
        claims and denied by others). On two articles these may well be empty; on a real
        corpus they are where the disagreements are.
    """),
    code("""
        display(table(run(store, "denied-claims", {"actor": "Russia"})))
        table(run(store, "contested"))
    """),
    md("""
        `format_result` prints a result as an aligned text table, CSV or SPARQL JSON, as the
        command line does:
    """),
    code("""
        print(format_result(run(store, "arms-suppliers", {"recipient": "Armenia"}), "table"))
    """),
    md("""
        ## New queries

        The ontology's prefixes (`kg:`, `rel:`, `mod:`, `actor:`, `skos:`, `rdfs:`, `dcterms:`
        ...) are preloaded. Two ways to read the data:

        * the **direct triples**: asserted and reported claims also state `actor:a rel:R actor:b`,
          so simple questions stay simple;
        * the **claim nodes** (`kg:Claim`), which carry modality, attribution, evidence, source
          and date, for everything else.

        A direct-triple query: every "X supplies arms to Y" that some article asserts or reports.
    """),
    code("""
        table(run(store, \"\"\"
            SELECT ?supplier ?recipient WHERE { ?supplier rel:supplies-arms-to ?recipient }
            ORDER BY ?supplier ?recipient
        \"\"\"))
    """),
    md("""
        ### Claims by PLOVER class over time

        Each relation belongs to one PLOVER *quad class*: verbal or material, cooperation or
        conflict, plus *structural* relations (membership, office, alliance). Counting claims
        by class and month shows the tone of the relationship over time. The date is the
        event date when the sentence gives one, else the article's date.
    """),
    code("""
        by_class = table(run(store, \"\"\"
            SELECT ?month ?class (COUNT(?c) AS ?claims) WHERE {
              ?c a kg:Claim ; kg:relation ?r ; kg:source ?d .
              ?r kg:quadClass ?q . ?q rdfs:label ?class .
              OPTIONAL { ?c kg:eventDate ?event } OPTIONAL { ?d dcterms:date ?published }
              BIND(SUBSTR(STR(COALESCE(?event, ?published)), 1, 7) AS ?month)
              FILTER(BOUND(?month))
            }
            GROUP BY ?month ?class ORDER BY ?month ?class
        \"\"\"))
        by_class["claims"] = by_class["claims"].astype(int)
        by_month = by_class.pivot_table(index="month", columns="class", values="claims", aggfunc="sum", fill_value=0)
        by_month
    """, "by-class"),
    code("""
        colours = {"structural": "#9aa3ad", "verbal cooperation": "#4caf50", "material cooperation": "#1b6e33",
                   "verbal conflict": "#f08c1e", "material conflict": "#d1342f"}
        ax = by_month.plot.bar(stacked=True, rot=0, figsize=(9, 4), color=[colours.get(c, "grey") for c in by_month.columns])
        ax.set(title="Claims by PLOVER quad class and month", xlabel="month", ylabel="claims")
        ax.legend(title=None, fontsize="small")
        plt.tight_layout()
        plt.show()
    """, "plot-classes"),
    md("""
        ### The most criticised actors

        Who is the target of verbal conflict (accusations, criticism, demands, threats,
        rejections, denials), counting claims and distinct critics. Only claims the articles
        assert or report are counted: an alleged or denied accusation is not an accusation.
    """),
    code("""
        accused = table(run(store, \"\"\"
            SELECT ?target (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?critic) AS ?critics)
            WHERE {
              ?c kg:relation ?r ; kg:object ?target ; kg:subject ?critic ; kg:modality ?m .
              ?r kg:quadClass kg:VerbalConflict .
              FILTER(?m IN (mod:asserted, mod:reported))
              OPTIONAL { ?target rdfs:label ?label }
            }
            GROUP BY ?target ORDER BY DESC(?claims) ?target LIMIT 10
        \"\"\"))
        accused[["claims", "critics"]] = accused[["claims", "critics"]].astype(int)
        accused
    """, "accused"),
    code("""
        ax = accused.set_index("name")["claims"].sort_values().plot.barh(figsize=(7, 3.5), color="#f08c1e")
        ax.set(title="Targets of verbal conflict (asserted and reported claims)", xlabel="claims", ylabel=None)
        plt.tight_layout()
        plt.show()
    """, "plot-accused"),
    md("""
        ### A query with a parameter

        Parameters work for new queries too: pass them by name, and the engine binds them.
        One rule: the engine binds only variables that the `SELECT` clause projects, so a
        parameter must appear there (here `?speaker`). A name is resolved to its actor when
        the variable is called `actor`, `subject`, `object`, `source`, `target` (or ends in
        `actor`); otherwise give the type as `"name:type"`, as below.

        What does a given speaker claim? Claims attributed to Aliyev:
    """),
    code("""
        said_by = \"\"\"
            SELECT ?subject ?relation ?object ?modality ?evidence ?speaker WHERE {
              ?c kg:attributedTo ?speaker ; kg:subject ?subject ; kg:relation ?r ; kg:object ?object ;
                 kg:modality ?m ; kg:evidence ?evidence .
              ?r skos:notation ?relation . ?m skos:notation ?modality .
            } ORDER BY ?relation
        \"\"\"
        table(run(store, said_by, {"speaker:actor": "Aliyev"}))
    """, "said-by"),
    md("""
        ### Your own saved query

        A query worth keeping goes in a `.rq` file with the same comment header as the
        library's; `run` then takes its path and checks its declared parameters. (Files placed
        in `kg/queries/` join the library under their file name.)
    """),
    code("""
        rq = workdir / "relations-between.rq"
        rq.write_text(\"\"\"# title: Relations between two actors
        # description: Every claim linking a and b, in either direction.
        # param: a actor required -- one actor
        # param: b actor required -- the other actor
        SELECT ?subject ?relation ?object ?modality ?document ?a ?b WHERE {
          { ?c kg:subject ?a ; kg:object ?b } UNION { ?c kg:subject ?b ; kg:object ?a }
          ?c kg:subject ?subject ; kg:relation ?r ; kg:object ?object ; kg:modality ?m ; kg:source ?d .
          ?r skos:notation ?relation . ?m skos:notation ?modality . ?d kg:fileName ?document .
        } ORDER BY ?relation
        \"\"\")
        table(run(store, str(rq), {"a": "Russia", "b": "Armenia"}))
    """, "own-query"),
    *CLEANUP,
]


# ---------------------------------------------------------------------------- 03 paths and centrality

PATHS = [
    md("""
        # 3. Paths, neighbourhoods and centrality

        Claims link actors into a network. This notebook treats the store as a graph and asks
        the questions an analyst asks of a network:

        * **how is A connected to B?** shortest paths between two actors, with the claim and
          the evidence sentence behind every hop;
        * **who is around an actor?** its direct relations, its ego network and its profile;
        * **who matters?** rankings by degree, PageRank and betweenness.

        Everything here works from `kg.graph`, which reads the claims once into a compact
        table (cached beside the store) and answers from it.
    """),
    SETUP_NOTE,
    ingest_seeds("paths"),
    code("""
        import matplotlib.pyplot as plt
        import networkx as nx

        from kg.graph import neighbors, paths, profile, project, rank, resolve
    """),
    md("""
        ## The network

        `project(store)` is the store as a networkx `MultiDiGraph`: one node per actor (with
        `label`, `type`, `aliases`) and one edge per subject, object, relation and modality,
        carrying the number of supporting claims, the evidence sentences, documents and dates.
        Any networkx algorithm works on it.
    """),
    code("""
        g = project(store)
        print(g.number_of_nodes(), "actors,", g.number_of_edges(), "relations")
        pd.Series(dict(g.nodes(data="type"))).value_counts().rename("actors").to_frame().T
    """, "project"),
    md("""
        ## Naming actors

        Every function takes actors as an analyst names them: `resolve` maps a name to the
        actor's id through labels, aliases, acronyms, capitals and metonyms ("the Kremlin"),
        demonyms and, when unambiguous, a person's surname.
    """),
    code("""
        names = ["Aliyev", "Lukashenko", "the Kremlin", "Yerevan", "CSTO", "Azerbaijani"]
        pd.Series({name: resolve(store, name) for name in names}, name="actor id").to_frame()
    """),
    md("""
        ## How is Aliyev connected to Lukashenko?

        `paths` finds the shortest paths (here up to three). By default a path may walk a claim
        against its direction, from its object to its subject, and the hop then says
        `reversed`. Every hop names the claim's true subject and object, its relation and
        modality, how many claims support it, the document and the evidence sentence, so each
        step can be checked against the text.
    """),
    code("""
        found = paths(store, "Aliyev", "Lukashenko", k=3)


        def hops_table(path):
            \"\"\"One row per hop of a path: the claim and its evidence.\"\"\"
            return pd.DataFrame([
                {"subject": h.subject["label"], "relation": h.relation, "object": h.object["label"],
                 "modality": h.modality, "reversed": h.reversed, "claims": h.support, "date": h.date,
                 "document": h.document, "evidence": h.evidence}
                for h in path.hops
            ])


        for i, path in enumerate(found, 1):
            print(f"Path {i}: " + " \u2192 ".join(a["label"] for a in path.actors))
            display(hops_table(path))
    """, "paths"),
    md("""
        Filters narrow what a path may use. Only claims the articles assert (no reported,
        alleged or denied ones), and only walking each claim from subject to object
        (`directed=True`): a path may then no longer exist, and an empty list says so.
    """),
    code("""
        strict = paths(store, "Aliyev", "Lukashenko", modalities=["asserted"])
        directed = paths(store, "Aliyev", "Lukashenko", directed=True)
        print("asserted only:", [" \u2192 ".join(a["label"] for a in p.actors) for p in strict] or "no path")
        print("directed:     ", [" \u2192 ".join(a["label"] for a in p.actors) for p in directed] or "no path")
    """),
    md("""
        ## Around one actor

        `neighbors` lists an actor's direct relations, one row per counterpart, relation,
        modality and direction (`out`: the actor is the subject; `in`: the object), most
        supported first.
    """),
    code("""
        rows = neighbors(store, "Armenia")
        pd.DataFrame([{**r, "actor": r["actor"]["label"], "documents": len(r["documents"])} for r in rows])
    """, "neighbors"),
    md("""
        The **ego network** of an actor: everyone with a claim linking them to Azerbaijan
        (one hop) and every relation among them, drawn with networkx. (Notebook 04 shows the same view as an interactive
        page.) Edge colours follow the PLOVER class: green cooperation, orange and red
        conflict, grey structural.
    """),
    code("""
        from kg.render import CLASS_STYLE, TYPE_STYLE, select

        ego, _ = select(g, focus="Azerbaijan", hops=1)
        pos = nx.spring_layout(ego, seed=1)
        fig, ax = plt.subplots(figsize=(9, 6))
        nx.draw_networkx_nodes(ego, pos, ax=ax, node_size=500,
                               node_color=[TYPE_STYLE.get(t, ("", "#b0b4ba"))[1] for _, t in ego.nodes(data="type")])
        nx.draw_networkx_edges(ego, pos, ax=ax, arrows=True, alpha=0.7, connectionstyle="arc3,rad=0.1",
                               edge_color=[CLASS_STYLE[c][0] for *_, c in ego.edges(data="quad_class")])
        nx.draw_networkx_labels(ego, pos, labels=dict(ego.nodes(data="label")), font_size=8, ax=ax)
        ax.set_title(f"Ego network of Azerbaijan: {ego.number_of_nodes()} actors, {ego.number_of_edges()} relations")
        ax.axis("off")
        plt.show()
    """, "ego"),
    md("""
        An actor's **profile** brings together what the gazetteer knows (type, aliases, roles,
        memberships with dates) and what the articles claim, relation by relation:
    """),
    code("""
        russia = profile(store, "Russia")
        print(f"{russia['label']} ({russia['type']}): {russia['claims']} claims in {len(russia['documents'])} documents, "
              f"{russia['first']} to {russia['last']}")
        display(pd.DataFrame(russia["memberships"]).head(10))
        pd.DataFrame([
            {"relation": rel, "as subject": r["out"], "as object": r["in"],
             "counterparts": ", ".join(r["counterparts"]), "modalities": r["modalities"]}
            for rel, r in russia["relations"].items()
        ])
    """, "profile"),
    md("""
        ## Who matters: rankings

        Three centralities, each answering a different question:

        * **degree**: how many different actors an actor is linked to;
        * **PageRank**, along subject \u2192 object and weighted by claims: who is most *acted
          upon* (targeted, supplied, criticised), directly or through others;
        * **betweenness**: who lies on the shortest paths between others, the brokers.
    """),
    code("""
        labels = dict(g.nodes(data="label"))
        ranking = pd.DataFrame({m: dict(rank(store, m, top=None)) for m in ("degree", "pagerank", "betweenness")})
        ranking.insert(0, "actor", ranking.index.map(labels))
        ranking.sort_values("pagerank", ascending=False).head(10)
    """, "rank"),
    code("""
        fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
        for ax, measure in zip(axes, ("degree", "pagerank", "betweenness")):
            top = ranking.nlargest(8, measure).set_index("actor")[measure].sort_values()
            top.plot.barh(ax=ax, color="#2f6db5", title=measure)
            ax.set_ylabel(None)
        plt.tight_layout()
        plt.show()
    """, "plot-rank"),
    md("""
        Rankings take the same filters as paths. Conflict only (verbal and material): who is
        most targeted when only accusations, threats, pressure and attacks count?
    """),
    code("""
        from kg.vocab import relations

        conflict = [r.id for r in relations().values() if r.quad_class.endswith("conflict")]
        pd.DataFrame(rank(store, "pagerank", top=8, relations=conflict), columns=["actor", "pagerank"]).assign(
            label=lambda d: d.actor.map(labels))
    """),
    *CLEANUP,
]


# ---------------------------------------------------------------------------- 04 visualisation

VISUAL = [
    md("""
        # 4. The interactive network

        `kg.render` draws the network as **one self-contained HTML page**: the drawing
        library is inlined, the page makes no network request, opens offline from disk and
        can be mailed. In the page:

        * node shape and colour show the actor type, node size its degree (or another
          centrality);
        * edge colour shows the PLOVER class (green cooperation, orange verbal conflict, red
          material conflict, grey structural), arrows the direction, dashes a claim that is
          alleged, denied, intended or negated;
        * hovering shows a summary; clicking an actor or a relation opens a side panel with
          the evidence sentences and their sources; the controls filter by relation class,
          modality and date and search for an actor.

        This notebook renders the whole network, a focus view around one actor, filtered
        views and a path, and shows each inline.
    """),
    SETUP_NOTE,
    ingest_seeds("visualisation"),
    md("""
        `render(graph, out, ...)` writes the page and returns its path. Inline display puts
        the page in an `<iframe srcdoc=...>`, so it keeps its own scripts and styles apart
        from the notebook's.
    """),
    code("""
        import html

        from IPython.display import HTML

        from kg.graph import paths, project
        from kg.render import render, render_path

        g = project(store)
        pages = workdir / "pages"


        def show(page, height=620):
            \"\"\"Display a rendered page inline, in an iframe holding the whole document.\"\"\"
            return HTML(f'<div><iframe srcdoc="{html.escape(page.read_text(encoding="utf-8"))}" '
                        f'style="width:100%;height:{height}px;border:1px solid #ccc" '
                        f'title="{html.escape(page.name)}"></iframe></div>')
    """),
    md("""
        ## The whole network

        Every actor and relation of the two articles. Drag to pan, scroll to zoom, click for
        evidence.
    """),
    code("""
        full = render(g, pages / "network.html", title="Seed articles: the whole network")
        print(f"{full.name}: {full.stat().st_size / 1e6:.1f} MB")
        show(full)
    """, "full"),
    md("""
        ## Focus on one actor

        `focus` keeps the ego network of one actor (named as an analyst would) within `hops`
        steps, here everyone within two steps of Aliyev. Node size shows PageRank instead of
        degree.
    """),
    code("""
        focus = render(g, pages / "aliyev.html", focus="Ilham Aliyev", hops=2, size_by="pagerank")
        show(focus)
    """, "focus"),
    md("""
        ## Filters

        Filters keep only some relations, modalities or dates. Conflict only, verbal and
        material, as asserted or reported by the articles:
    """),
    code("""
        from kg.vocab import relations

        conflict = [r.id for r in relations().values() if r.quad_class.endswith("conflict")]
        hostile = render(g, pages / "conflict.html", relations=conflict, modalities=["asserted", "reported"],
                         title="Conflict: asserted and reported claims")
        show(hostile)
    """, "filters"),
    md("""
        And by date: relations with a claim dated in September 2020 (an edge passes when one
        of its dates falls inside the range; undated claims are left out).
    """),
    code("""
        recent = render(g, pages / "2020-09.html", date_from="2020-09-01", date_to="2020-09-30",
                        title="Claims dated September 2020")
        show(recent)
    """),
    md("""
        ## A path in context

        `render_path` draws paths found by `kg.graph.paths` highlighted among the actors
        around them; the rest of the network is faded. Here the paths from Aliyev to
        Lukashenko of notebook 03.
    """),
    code("""
        found = paths(store, "Aliyev", "Lukashenko", k=2)
        route = render_path(g, [[h.to_json() for h in p.hops] for p in found], pages / "path.html",
                            title="Paths from Ilham Aliyev to Alexander Lukashenko")
        show(route)
    """, "path"),
    md("""
        The pages are ordinary files: open them in a browser, or keep them with a report.
    """),
    code("""
        sorted(p.name for p in pages.glob("*.html"))
    """),
    *CLEANUP,
]


NOTEBOOKS = {
    "01-quickstart.ipynb": QUICKSTART,
    "02-sparql.ipynb": SPARQL,
    "03-paths-and-centrality.ipynb": PATHS,
    "04-visualisation.ipynb": VISUAL,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` (without outputs), with stable cell ids."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    stem = name.split("-", 1)[0]
    for i, (kind, text, tag) in enumerate(NOTEBOOKS[name]):
        cell = nbformat.v4.new_markdown_cell(text) if kind == "markdown" else nbformat.v4.new_code_cell(text)
        cell.id = f"nb{stem}-{i:02d}"
        if tag:
            cell.metadata["tags"] = [tag]
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def text(name: str) -> str:
    return nbformat.writes(build(name)) + "\n"


def main(argv: list[str]) -> int:
    for name in NOTEBOOKS:
        (HERE / name).write_text(text(name), encoding="utf-8")
        print("wrote", HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
