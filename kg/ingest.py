"""Reading articles from disk and ingesting them into the store.

Inputs are files or folders of ``.txt``, ``.md``, ``.html`` and ``.jsonl``
(one ``{"text", "date", "url", "title"}`` object a line). A bad input (missing
path, empty file, binary or non-UTF-8 bytes, a malformed JSON line) becomes an
:class:`InputError` with a one-line message; the rest of the batch goes on.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Mon, 3 May 2021\\n\\nBaku leans on Moscow.")
>>> _ = (folder / "b.txt").write_text("")
>>> results = list(read_documents([folder]))
>>> [type(r).__name__ for r in results]
['Document', 'InputError']
>>> str(results[1]).endswith("b.txt: empty file")
True
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .model import Claim, Document

__all__ = ["InputError", "read_documents", "read_file", "IngestReport", "ingest", "extract_parallel", "extract_dask",
           "extract_batch", "SUFFIXES"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


class InputError(Exception):
    """A problem with one input, reported in one line naming the file."""


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text


class _HTMLText(HTMLParser):
    """Visible text of an HTML page, its <title> and the usual article metadata."""

    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.meta: dict[str, str] = {}
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and a.get("content"):
                self.meta[key.lower()] = a["content"]
        elif tag == "title":
            self._in_title = True
        if tag in self._SKIP and tag != "head":
            self._skip += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP and tag != "head" and self._skip:
            self._skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = [" ".join(line.split()) for line in raw.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _parse_date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_file(path: Path) -> Iterator[Document | InputError]:
    """The documents in one file (several for ``.jsonl``), or errors for the bad ones."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    try:
        text = _decode(path, data)
    except InputError as exc:
        yield exc
        return
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        parser = _HTMLText()
        parser.feed(text)
        body = parser.text()
        if not body:
            yield InputError(f"{path}: no visible text in the HTML")
            return
        meta = parser.meta
        yield Document(body, path.name, title=html.unescape(parser.title.strip()) or meta.get("og:title"),
                       date=_parse_date(meta.get("article:published_time") or meta.get("date") or meta.get("datepublished")),
                       url=meta.get("og:url"))
    elif suffix == ".jsonl":
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(f"{path}:{lineno}: malformed JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
                yield InputError(f"{path}:{lineno}: a JSONL line needs a non-empty \"text\" string")
                continue
            if rec.get("date") and _parse_date(rec["date"]) is None:
                yield InputError(f"{path}:{lineno}: \"date\" is not an ISO date: {str(rec['date'])[:40]!r}")
                continue
            yield Document(rec["text"], f"{path.name}:{lineno}", title=rec.get("title"),
                           date=_parse_date(rec.get("date")), url=rec.get("url") or None)
    else:
        title = None
        if suffix == ".md":
            m = re.search(r"^#\s+(.+)$", text, re.M)
            title = m.group(1).strip() if m else None
        yield Document(text, path.name, title=title)


def _is_documentation(relative: Path) -> bool:
    """Hidden files and a folder's README/LICENSE/CHANGELOG are not articles (named explicitly, they are read)."""
    return any(part.startswith(".") for part in relative.parts) or \
        relative.stem.upper() in {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"}


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Documents from files and folders (searched recursively for known suffixes), in order."""
    for p in map(Path, paths):
        if not p.exists():
            yield InputError(f"{p}: no such file or directory")
        elif p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not _is_documentation(f.relative_to(p)))
            if not files:
                yield InputError(f"{p}: no {', '.join(SUFFIXES)} files in this folder")
            for f in files:
                yield from read_file(f)
        elif p.suffix.lower() not in SUFFIXES:
            yield InputError(f"{p}: unsupported file type {p.suffix or '(none)'} (use {', '.join(SUFFIXES)})")
        else:
            yield from read_file(p)


@dataclass
class IngestReport:
    """What one ingest run did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.added + self.replaced + self.unchanged

    def summary(self) -> str:
        return (f"{self.documents} documents ({self.added} added, {self.replaced} replaced, "
                f"{self.unchanged} unchanged), {self.claims} claims written, {len(self.errors)} failed")


Extract = Callable[[Iterable[Document]], Iterator[tuple[Document, list[Claim]]]]

#: Documents sent to a worker at a time, and documents written per store request.
BATCH = 8
WRITE_BATCH = 16


def _default_extract() -> Extract:
    from .extract import extract_documents

    return extract_documents


def extract_batch(docs: list[Document], extract: Extract | None = None) -> list[tuple[Document, list[Claim]]]:
    """Extract one batch in this process (what a worker process or a Dask task runs).

    The NLP pipeline is loaded once per process and reused by later batches.
    """
    return [(d, list(c)) for d, c in (extract or _default_extract())(docs)]


_WORKER_EXTRACT: Extract | None = None


def _init_worker(extract: Extract | None) -> None:
    global _WORKER_EXTRACT
    _WORKER_EXTRACT = extract or _default_extract()
    if extract is None:  # load the model (and the extractor's tables) now, once per worker
        warm_up()


def warm_up() -> None:
    """Load the NLP model and the extractor's tables in this process (a worker calls it once at start)."""
    from .extract import extract_documents, load_pipeline

    load_pipeline()
    list(extract_documents([Document("Russia accused Georgia of provocations.", "warm-up.txt")]))


def _worker_batch(docs: list[Document]) -> list[tuple[Document, list[Claim]]]:
    return extract_batch(docs, _WORKER_EXTRACT)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_parallel(docs: Iterable[Document], extract: Extract | None = None, *, workers: int = 2,
                     batch: int = BATCH) -> Iterator[tuple[Document, list[Claim]]]:
    """Extract in ``workers`` processes (each loads the model once), yielding results in input order.

    At most ``2 * workers`` batches are in flight, so memory stays bounded on any
    corpus size. ``extract`` must be picklable (a module-level function).
    """
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=_init_worker,
                             initargs=(extract,)) as pool:
        pending: deque = deque()
        try:
            for b in _batches(docs, batch):
                pending.append(pool.submit(_worker_batch, b))
                while len(pending) >= 2 * workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


def extract_dask(docs: Iterable[Document], client, extract: Extract | None = None, *, batch: int = BATCH,
                 window: int | None = None) -> Iterator[tuple[Document, list[Claim]]]:
    """Extract on a Dask cluster, streaming results back in input order.

    ``client`` is a ``distributed.Client`` or a scheduler address
    (``tcp://host:8786``). Batches are submitted as tasks; results come back as
    they complete (``as_completed``) and are yielded in input order, with at
    most ``window`` batches in flight (default: twice the cluster's threads).
    Each worker loads the model once and keeps it. The workers need kg and its
    model installed (the same environment as the client).
    """
    from distributed import Client, as_completed

    own = not hasattr(client, "submit")
    if own:
        client = Client(client, timeout="20s")
    try:
        if window is None:
            window = max(2, 2 * sum(client.nthreads().values()))
        fn = extract_batch if extract is None else extract
        it = enumerate(_batches(docs, batch))
        ready: dict[int, list] = {}
        next_out = 0
        ac = as_completed()
        in_flight = 0

        def submit() -> bool:
            item = next(it, None)
            if item is None:
                return False
            i, b = item
            if extract is None:
                f = client.submit(extract_batch, b, pure=False)
            else:
                f = client.submit(extract_batch, b, fn, pure=False)
            f.index = i  # noqa: B010 (a tag on our own future)
            ac.add(f)
            return True

        while in_flight < window and submit():
            in_flight += 1
        for f in ac:
            ready[f.index] = f.result()
            f.release()
            in_flight -= 1
            if submit():
                in_flight += 1
            while next_out in ready:
                yield from ready.pop(next_out)
                next_out += 1
    finally:
        if own:
            client.close()


def ingest(paths: Iterable[str | Path], store, extract: Extract | None = None, *, force: bool = False,
           on_error: Callable[[str], None] | None = None,
           on_document: Callable[[Document, str], None] | None = None,
           workers: int = 1, dask=None, batch: int = BATCH, write_batch: int = WRITE_BATCH) -> IngestReport:
    """Read, extract and store documents; each document's write is atomic.

    Parameters
    ----------
    paths : files or folders
    store : kg.store.Store
    extract : callable, optional
        Maps documents to ``(document, claims)`` pairs; defaults to the NLP
        extractor (:func:`kg.extract.extract_documents`). With ``workers`` or
        ``dask`` it must be picklable (a module-level function).
    force : bool
        Re-extract and rewrite documents whose text has not changed.
    on_error, on_document : callables, optional
        Called with each error message, and with each document and its outcome.
    workers : int
        Extract in this many processes (:func:`extract_parallel`); this process
        stays the only writer.
    dask : str or distributed.Client, optional
        Extract on a Dask cluster (:func:`extract_dask`) instead.
    batch, write_batch : int
        Documents per extraction task, and documents per store write request
        (one transaction: an interrupted run keeps every batch written before).
    """
    report = IngestReport()
    if workers < 1:
        raise ValueError("workers must be at least 1")

    def documents() -> Iterator[Document]:
        def fresh(chunk):
            current = store.are_current(chunk) if not force else [False] * len(chunk)
            for item, cur in zip(chunk, current):
                if cur:
                    report.unchanged += 1
                    if on_document:
                        on_document(item, "unchanged")
                else:
                    yield item

        chunk: list[Document] = []
        for item in read_documents(paths):
            if isinstance(item, InputError):
                report.errors.append(str(item))
                if on_error:
                    on_error(str(item))
                continue
            chunk.append(item)
            if len(chunk) >= 64:
                yield from fresh(chunk)
                chunk = []
        yield from fresh(chunk)

    if dask is not None:
        results = extract_dask(documents(), dask, extract, batch=batch)
    elif workers > 1:
        results = extract_parallel(documents(), extract, workers=workers, batch=batch)
    else:
        results = (extract or _default_extract())(documents())

    def write(pending: list) -> None:
        for (doc, claims), outcome in zip(pending, store.write_documents(pending, force=force)):
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                report.claims += len(claims)
            if on_document:
                on_document(doc, outcome)

    pending: list = []
    for doc, claims in results:
        pending.append((doc, claims))
        if len(pending) >= write_batch:
            write(pending)
            pending = []
    write(pending)
    return report
