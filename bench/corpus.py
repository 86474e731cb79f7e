"""Build a varied benchmark corpus from the seed articles and the gazetteer.

Each article recombines sentences of the seeds (and of a few extra test texts)
and swaps the state names, capitals and demonyms for those of other gazetteer
states, so that every article's text and content hash differ and nothing is
served from a cache. Deterministic for a given seed.

    python bench/corpus.py OUT_DIR [-n 2000] [--seed 7]
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRA = [
    "Turkish Foreign Minister Hakan Fidan met his Iranian counterpart in Ankara on Tuesday.",
    "Russia accused Georgia of provoking tensions along the border.",
    "France has supplied arms to Armenia, the Azerbaijani foreign ministry said.",
    "The European Union imposed new sanctions on Iran over drone deliveries to Russia.",
    "Kazakhstan denied reports that it was helping Russia evade sanctions.",
    "China and Pakistan signed an agreement on military cooperation.",
    "Ukraine's president thanked Poland for its support.",
    "Washington warned Tehran against further escalation.",
]
SWAP = ["Russia", "Armenia", "Azerbaijan", "Turkey", "Iran", "Georgia", "France"]


def gazetteer_states() -> list[tuple[str, str | None, str | None]]:
    """(label, capital, demonym) of gazetteer states."""
    text = (ROOT / "ontology" / "actors" / "states.ttl").read_text(encoding="utf-8")
    out = []
    for block in text.split("\n\n"):
        m = re.search(r'rdfs:label "([^"]+)"@en', block)
        if not m:
            continue
        cap = re.search(r'kg:capital "([^"]+)"', block)
        dem = re.search(r'kg:demonym "([^"]+)"', block)
        out.append((m.group(1), cap.group(1) if cap else None, dem.group(1) if dem else None))
    return out


def sentences() -> list[str]:
    out = list(EXTRA)
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        body = f.read_text(encoding="utf-8").split("\n", 2)[-1]
        for para in body.split("\n"):
            out.extend(s.strip() for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", para) if len(s.strip()) > 30)
    return out


def build(out: Path, n: int = 2000, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    pool, states = sentences(), gazetteer_states()
    out.mkdir(parents=True, exist_ok=True)
    seen, paths = set(), []
    i = 0
    while len(paths) < n:
        i += 1
        picks = rng.sample(pool, rng.randint(5, 9))
        swap = {name: rng.choice(states) for name in rng.sample(SWAP, 2)}
        text = " ".join(picks)
        for name, (label, capital, demonym) in swap.items():
            text = re.sub(rf"\b{name}\b", label, text)
        date = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        body = f"{date:%a, %d %b %Y}\n\n{text}\n"
        h = hashlib.sha256(body.encode()).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        p = out / f"bench_{len(paths):05d}.txt"
        p.write_text(body, encoding="utf-8")
        paths.append(p)
    return paths


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    paths = build(a.out, a.n, a.seed)
    print(f"{len(paths)} articles in {a.out} ({sum(p.stat().st_size for p in paths) / len(paths):.0f} bytes on average)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
