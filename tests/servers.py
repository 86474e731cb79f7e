"""Start real SPARQL servers on loopback for the tests and benchmarks.

* Oxigraph Server: the ``oxigraph`` binary of the PyPI ``oxigraph`` package
  (``pip install 'kg[scale]'``), started with ``--union-default-graph``.
* Virtuoso: Debian's ``virtuoso-opensource`` (``virtuoso-t``), with a fresh
  database in a temporary directory; updates go to ``/sparql-auth`` with the
  default ``dba:dba`` account of a new database.

Each ``start_*`` returns a :class:`Server` (``url`` is the kg store location),
or raises :class:`Unavailable` saying why the server cannot run here.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


class Unavailable(Exception):
    """The server is not installed here."""


@dataclass
class Server:
    name: str
    url: str           # a kg store location (sparql+http://...)
    query_url: str     # the plain SPARQL query endpoint
    proc: subprocess.Popen
    workdir: str
    cleanup: list = field(default_factory=list)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60, log: str | None = None) -> None:
    deadline = time.time() + seconds
    q = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    while time.time() < deadline:
        if proc.poll() is not None:
            tail = Path(log).read_text(errors="replace")[-500:] if log and Path(log).exists() else ""
            raise Unavailable(f"server exited with {proc.returncode}: {tail}")
        try:
            with urllib.request.urlopen(q, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise Unavailable(f"server at {url} did not answer within {seconds} s")


def oxigraph_binary() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        raise Unavailable("the Oxigraph Server binary is not installed (pip install 'kg[scale]' gives the PyPI oxigraph package)")
    return found


def start_oxigraph(location: str | None = None, *, read_only: bool = False) -> Server:
    """Oxigraph Server on a free port, on ``location`` (a store directory; a new temporary one if None)."""
    exe = oxigraph_binary()
    work = tempfile.mkdtemp(prefix="kg-oxigraph-")
    loc = location or os.path.join(work, "db")
    port = free_port()
    log = os.path.join(work, "server.log")
    cmd = [exe, "serve-read-only" if read_only else "serve", "--location", loc, "--bind", f"127.0.0.1:{port}",
           "--union-default-graph"]
    proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/query", proc, 30, log)
    return Server("oxigraph", f"sparql+http://127.0.0.1:{port}/", base + "/query", proc, work, [work])


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


def start_virtuoso() -> Server:
    """Virtuoso (Debian's virtuoso-opensource) with a new database, on free ports."""
    exe = shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if os.path.exists("/usr/bin/virtuoso-t") else None)
    if not exe:
        raise Unavailable("Virtuoso is not installed (apt-get install virtuoso-opensource, or make servers as root)")
    work = tempfile.mkdtemp(prefix="kg-virtuoso-")
    http, sql = free_port(), free_port()
    Path(work, "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=work, http=http, sql=sql))
    log = os.path.join(work, "server.log")
    proc = subprocess.Popen([exe, "-f", "+configfile", os.path.join(work, "virtuoso.ini")], cwd=work,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http}"
    wait_for(base + "/sparql", proc, 90, log)
    return Server("virtuoso", f"sparql+http://dba:dba@127.0.0.1:{http}/sparql", base + "/sparql", proc, work, [work])


# ---------------------------------------------------------------------------- a toy extractor

_NAMES = {"Russia": ("russia", "State"), "Moscow": ("russia", "State"), "Armenia": ("armenia", "State"),
          "Azerbaijan": ("azerbaijan", "State"), "Baku": ("azerbaijan", "State"), "Turkey": ("turkey", "State"),
          "Iran": ("iran", "State"), "Georgia": ("georgia", "State"), "France": ("france", "State"),
          "NATO": ("nato", "Organization"), "Wagner": ("wagner-group", "Group")}
_VERBS = [("accus", "accuses"), ("arm", "supplies-arms-to"), ("sanction", "sanctions"), ("met", "consults"),
          ("talk", "consults"), ("threat", "threatens")]


def toy_extract(docs):
    """A picklable stand-in for the NLP extractor: known names co-mentioned in a sentence, a relation from a keyword."""
    import re as _re

    from kg.model import Actor, Claim

    for doc in docs:
        claims = []
        for m in _re.finditer(r"[^.!?]+[.!?]?", doc.text):
            sent = m.group(0)
            found = []
            for name, (aid, typ) in _NAMES.items():
                for n in _re.finditer(rf"\b{name}\b", sent):
                    found.append((n.start(), Actor(aid, name if aid != "russia" else "Russia", typ, (name,))))
            found.sort(key=lambda x: x[0])
            actors = [a for _, a in found]
            rel = next((r for k, r in _VERBS if k in sent.lower()), None)
            if rel and len(actors) >= 2 and actors[0].id != actors[1].id:
                modality = "reported" if "said" in sent else ("denied" if "denied" in sent else "asserted")
                claims.append(Claim(actors[0], rel, actors[1], modality=modality, evidence=sent.strip(),
                                    document=doc.name, char_start=m.start(), char_end=m.end()))
        yield doc, claims
