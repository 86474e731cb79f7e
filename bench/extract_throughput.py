"""Throughput of the full extractor against spaCy alone, one process, one core.

Builds a corpus from the seed texts, the texts under ``tests/data`` (the
challenge set) and the extractor test sentences, repeated to at least
``--min-sentences`` sentences. In one process with ``OMP_NUM_THREADS=1`` (no
``n_process``) it times, alternately and ``--repeats`` times:

* spaCy alone: the published model (``kg.extract.pipeline.load_model``, all its
  components) over the same paragraph chunks, ``nlp.pipe``;
* the full extractor: ``kg.extract.extract_documents`` (our spaCy pipeline,
  gazetteer, mentions, relations, dates, document rules).

It reports the medians of sentences/s and words/s (wall clock, and per CPU
second of this process, which other load on the machine disturbs less) and the
ratio full/spaCy-alone measured side by side. ``--large-mb N`` also extracts
one N MB article (seed and challenge paragraphs recombined) in a child process
and reports its time, claims and peak memory. Results go to
``bench/results/extract_throughput.json`` and ``.md``.

    .venv/bin/python bench/extract_throughput.py [--min-sentences 1500] [--repeats 5] [--large-mb 20]
"""
from __future__ import annotations

import os

# one core: BLAS threads are slower than one thread for this model, and the
# target is per core (set before numpy is imported)
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_documents, extract_text, load_pipeline  # noqa: E402
from kg.extract.pipeline import chunks, load_model, prepare_text  # noqa: E402
from kg.model import Document  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def corpus_texts() -> list[str]:
    """The seed texts, every text under tests/data, and the extractor test sentences."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").rglob("*.txt"))]
    test_file = ROOT / "tests" / "test_extract.py"
    if test_file.exists():
        sents = re.findall(r'"([A-Z][^"\n]{30,}[.!?])"', test_file.read_text(encoding="utf-8"))
        texts.append("\n\n".join(sents))
    return [t for t in texts if t.strip()]


def large_text(n_chars: int, seed: int = 1) -> str:
    """About ``n_chars`` of realistic news text: corpus paragraphs recombined at random."""
    paras = [p.strip() for t in corpus_texts() for p in re.split(r"\n\s*\n", t) if len(p.split()) > 8]
    rng = random.Random(seed)
    out, n = [], 0
    while n < n_chars:
        p = rng.choice(paras)
        out.append(p)
        n += len(p) + 2
    return "\n\n".join(out)[:n_chars]


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w, time.process_time() - c, result


def run_large(mb: float) -> dict:
    """Extract one ``mb`` MB article in this process (called in a child process)."""
    text = large_text(int(mb * 1_000_000))
    load_pipeline()
    extract_text("Chile praised Peru.")
    wall, cpu, claims = _timed(lambda: extract_text(text, name="large.txt"))
    return {"megabytes": mb, "characters": len(text), "words": len(text.split()), "claims": len(claims),
            "seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
            "characters_per_second": round(len(text) / wall), "words_per_second": round(len(text.split()) / wall),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-sentences", type=int, default=1500)
    ap.add_argument("--repeats", type=int, default=5, help="timed rounds of each (medians are reported)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--large-mb", type=float, default=0, help="also time one article of this many MB")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    ap.add_argument("--large-child", type=float, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.large_child:
        print(json.dumps(run_large(args.large_child)))
        return 0

    nlp = load_pipeline()
    plain = load_model()
    base = corpus_texts()
    pieces = [c for t in base for _o, c in chunks(prepare_text(t)) if c.strip()]
    n_base = sum(len(list(d.sents)) for d in plain.pipe(pieces))
    words_base = sum(len(t.split()) for t in base)
    reps = max(1, -(-args.min_sentences // max(n_base, 1)))
    docs = [Document(t, f"doc{r}_{i}.txt") for r in range(reps) for i, t in enumerate(base)]
    texts = pieces * reps
    n_sent, n_words = n_base * reps, words_base * reps
    # warm up both (matchers, caches, memory pools)
    list(extract_documents(docs[:len(base)]))
    list(plain.pipe(texts[:len(pieces)]))

    rounds = {"spacy": [], "full": []}
    claims = 0
    for _ in range(args.repeats):
        w, c, _r = _timed(lambda: sum(1 for _d in plain.pipe(texts, batch_size=args.batch_size)))
        rounds["spacy"].append((w, c))
        w, c, claims = _timed(lambda: sum(len(cl) for _d, cl in extract_documents(docs, batch_size=args.batch_size)))
        rounds["full"].append((w, c))

    def summary(key):
        walls = [w for w, _c in rounds[key]]
        cpus = [c for _w, c in rounds[key]]
        return {"seconds_median": round(statistics.median(walls), 2), "cpu_seconds_median": round(statistics.median(cpus), 2),
                "sentences_per_second": round(n_sent / statistics.median(walls), 1),
                "words_per_second": round(n_words / statistics.median(walls)),
                "sentences_per_cpu_second": round(n_sent / statistics.median(cpus), 1),
                "words_per_cpu_second": round(n_words / statistics.median(cpus)),
                "rounds_seconds": [round(w, 2) for w in walls]}

    ratios = [s[0] / f[0] for s, f in zip(rounds["spacy"], rounds["full"])]
    cpu_ratios = [s[1] / f[1] for s, f in zip(rounds["spacy"], rounds["full"])]
    result = {
        "command": "OMP_NUM_THREADS=1 .venv/bin/python bench/extract_throughput.py " + " ".join(argv or sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M"), "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start",
        "corpus": {"documents": len(docs), "sentences": n_sent, "words": n_words, "repeats_of_base": reps},
        "batch_size": args.batch_size, "rounds": args.repeats, "claims": claims,
        "spacy_alone": {"pipeline": plain.pipe_names, **summary("spacy")},
        "full": {"pipeline": nlp.pipe_names, **summary("full")},
        "full_over_spacy_median": round(statistics.median(ratios), 3),
        "full_over_spacy_cpu_median": round(statistics.median(cpu_ratios), 3),
    }
    del plain
    if args.large_mb:
        out = subprocess.run([sys.executable, __file__, "--large-child", str(args.large_mb)],
                             capture_output=True, text=True, check=True)
        result["large"] = json.loads(out.stdout.strip().splitlines()[-1])

    s, f = result["spacy_alone"], result["full"]
    print(f"corpus: {len(docs)} documents, {n_sent} sentences, {n_words} words; {args.repeats} rounds, medians")
    print(f"spaCy alone    : {s['sentences_per_second']:7.1f} sentences/s {s['words_per_second']:7d} words/s "
          f"(per CPU second: {s['sentences_per_cpu_second']:.1f} / {s['words_per_cpu_second']})")
    print(f"full extractor : {f['sentences_per_second']:7.1f} sentences/s {f['words_per_second']:7d} words/s "
          f"(per CPU second: {f['sentences_per_cpu_second']:.1f} / {f['words_per_cpu_second']})  claims {claims}")
    print(f"full / spaCy alone: {result['full_over_spacy_median']:.2f} (CPU: {result['full_over_spacy_cpu_median']:.2f})")
    print(f"pipeline: {', '.join(nlp.pipe_names)}")
    if "large" in result:
        g = result["large"]
        print(f"large article: {g['megabytes']} MB, {g['words']} words, {g['seconds']} s "
              f"({g['words_per_second']} words/s), {g['claims']} claims, peak memory {g['max_rss_mb']} MB")
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "extract_throughput.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        (RESULTS / "extract_throughput.md").write_text(markdown(result), encoding="utf-8")
    return 0


def markdown(r: dict) -> str:
    s, f = r["spacy_alone"], r["full"]
    lines = [
        "# Extractor throughput", "",
        f"`{r['command']}` — {r['date']}, Python {r['python']}, {r['machine']}.", "",
        f"Corpus: {r['corpus']['documents']} documents, {r['corpus']['sentences']} sentences, "
        f"{r['corpus']['words']} words (seeds, tests/data, extractor test sentences). "
        f"One process, one thread, `nlp.pipe` batch size {r['batch_size']}; medians of {r['rounds']} alternating rounds.", "",
        "| | sentences/s | words/s | sentences per CPU s | words per CPU s |",
        "|---|---:|---:|---:|---:|",
        f"| spaCy alone ({', '.join(s['pipeline'])}) | {s['sentences_per_second']} | {s['words_per_second']} "
        f"| {s['sentences_per_cpu_second']} | {s['words_per_cpu_second']} |",
        f"| full extractor ({', '.join(f['pipeline'])} + kg components) | {f['sentences_per_second']} "
        f"| {f['words_per_second']} | {f['sentences_per_cpu_second']} | {f['words_per_cpu_second']} |",
        "",
        f"Full extractor / spaCy alone, measured side by side: {r['full_over_spacy_median']} "
        f"(per CPU second: {r['full_over_spacy_cpu_median']}).", "",
    ]
    if "large" in r:
        g = r["large"]
        lines += [f"One {g['megabytes']} MB article ({g['words']} words): {g['seconds']} s "
                  f"({g['words_per_second']} words/s, {g['characters_per_second']} characters/s), "
                  f"{g['claims']} claims, peak memory {g['max_rss_mb']} MB.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
