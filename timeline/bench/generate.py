"""Large realistic corpora for benchmarks, made from real article text.

Each generated article mixes paragraphs of real articles (their story, and now and then
their page furniture), gets its own publication date and outlet (in ``sources.csv``)
and has some people swapped for others of the same side, so that dates, outlets and
actors vary. The same seed always gives the same corpus.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
import re
from pathlib import Path

from .. import knowledge as knowledge_mod
from ..extract.boilerplate import segment
from ..extract.documents import DocumentError, find_files, read_document
from ..extract.records import BODY, BOILERPLATE, CAPTION, iso_day

DEFAULT_SOURCES = [Path(__file__).resolve().parent.parent.parent / "data" / "articles",
                   Path(__file__).resolve().parent.parent.parent / "tests" / "fixtures" / "news"]


def _pools(sources: list[Path]) -> tuple[list[str], list[str]]:
    story, furniture = [], []
    files, _ = find_files(sources)
    for f in files:
        try:
            raw = read_document(f)
        except DocumentError:
            continue
        for b in segment(raw.text):
            line = raw.text[b.start:b.end]
            if b.kind in (BODY, CAPTION) and len(line.split()) >= 8:
                story.append(line)
            elif b.kind == BOILERPLATE:
                furniture.append(line)
    if not story:
        raise ValueError("no article text found in " + ", ".join(map(str, sources)))
    return story, furniture


def generate(out: Path, n: int, seed: int = 0, sources: list[Path] | None = None, words: int = 700,
             start: dt.date = dt.date(2024, 1, 1), days: int = 730) -> int:
    """Write ``n`` articles (and their sources.csv) into ``out``; returns the number of words written."""
    rng = random.Random(seed)
    story, furniture = _pools(sources or DEFAULT_SOURCES)
    know = knowledge_mod.load()
    outlets = [o for o, _ in know.outlets]
    people: dict[str, list[tuple[str, str]]] = {}
    for a in know.actors:
        if a.kind == "person" and len(a.name.split()) >= 2:
            people.setdefault(a.side, []).append((a.name, a.name.split()[-1]))
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    width = len(str(n))
    with open(out / "sources.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "published", "outlet", "url", "title"])
        for i in range(n):
            paras: list[str] = []
            count = 0
            while count < words:
                p = rng.choice(story)
                paras.append(p)
                count += len(p.split())
            swaps = {}
            for side, names in people.items():
                if len(names) > 1 and rng.random() < 0.3:
                    (full_a, sur_a), (full_b, sur_b) = rng.sample(names, 2)
                    swaps[full_a], swaps[sur_a] = full_b, sur_b
            if swaps:
                pat = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(swaps, key=len, reverse=True))) + r")\b")
                paras = [pat.sub(lambda m: swaps[m.group(0)], p) for p in paras]
            title = " ".join(paras[0].split()[:10]).rstrip(",.;:")
            if furniture and rng.random() < 0.5:
                paras.insert(rng.randrange(1, len(paras) + 1), rng.choice(furniture))
            published = start + dt.timedelta(days=rng.randrange(days))
            name = f"{i:0{width}d}.txt"
            text = title + "\n\n" + "\n\n".join(paras) + "\n"
            (out / name).write_text(text, encoding="utf-8")
            w.writerow([name, iso_day(published), rng.choice(outlets), f"https://example.com/{i}", title])
            total += len(text.split())
    return total
