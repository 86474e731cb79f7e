"""Throughput of the full extractor (spaCy pipeline + kg components), one process, one core.

Builds a corpus from the seed texts, the extractor test sentences and the
challenge texts (repeated to at least ``--min-sentences`` sentences), extracts it
with ``kg.extract.extract_documents`` (nlp.pipe, batched) and prints
sentences/s and words/s.

    .venv/bin/python bench/extract_throughput.py [--min-sentences 3000]
"""
from __future__ import annotations

import os

# one core: BLAS threads are slower than one thread for this model, and the
# target is per core (set before numpy is imported)
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import extract_documents, load_pipeline  # noqa: E402
from kg.model import Document  # noqa: E402


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").rglob("*.txt"))]
    test_file = ROOT / "tests" / "test_extract.py"
    if test_file.exists():
        sents = re.findall(r'"([A-Z][^"\n]{30,}[.!?])"', test_file.read_text(encoding="utf-8"))
        texts.append("\n\n".join(sents))
    return [t for t in texts if t.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-sentences", type=int, default=3000)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args(argv)
    nlp = load_pipeline()
    base = corpus_texts()
    n_base = sum(len(list(d.sents)) for d in nlp.pipe(base))
    words_base = sum(len(t.split()) for t in base)
    reps = max(1, -(-args.min_sentences // max(n_base, 1)))
    docs = [Document(t, f"doc{r}_{i}.txt") for r in range(reps) for i, t in enumerate(base)]
    list(extract_documents(docs[:2]))  # warm up (gazetteer matcher, caches)
    start = time.perf_counter()
    claims = sum(len(c) for _, c in extract_documents(docs, batch_size=args.batch_size))
    elapsed = time.perf_counter() - start
    n_sent, n_words = n_base * reps, words_base * reps
    print(f"documents {len(docs)}  sentences {n_sent}  words {n_words}  claims {claims}  seconds {elapsed:.2f}")
    print(f"sentences/s {n_sent / elapsed:.1f}")
    print(f"words/s {n_words / elapsed:.0f}")
    print(f"pipeline: {', '.join(nlp.pipe_names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
