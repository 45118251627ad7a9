"""A large random corpus in the frames' columns and dtypes, for speed checks of the views (no extraction)."""
from __future__ import annotations

import numpy as np
import pandas as pd


def synthetic_frames(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A large random corpus with the frames' columns and dtypes, for speed checks."""
    rng = np.random.default_rng(seed)
    names = [f"Actor {i:03d}" for i in range(200)]
    sides = ["Russia", "Ukraine", "United States", "NATO", ""]
    types = ["statement", "meeting", "call", "talks", "interview", "attack", "proposal", "report", "other"]
    weights = 1 / np.arange(1, len(names) + 1)
    weights /= weights.sum()
    k = rng.integers(1, 5, n)
    flat = rng.choice(len(names), size=int(k.sum()), p=weights)
    cuts = np.cumsum(k)[:-1]
    actors = [[names[j] for j in dict.fromkeys(chunk)] for chunk in np.split(flat, cuts)]
    day0 = np.datetime64("2015-01-01")
    date = (day0 + rng.integers(0, 3650, n).astype("timedelta64[D]")).astype("datetime64[s]")
    coarse = rng.random(n) < 0.15
    end = np.where(coarse, date + np.timedelta64(29, "D"), date).astype("datetime64[s]")
    undated = rng.random(n) < 0.05
    date = np.where(undated, np.datetime64("NaT"), date)
    end = np.where(undated, np.datetime64("NaT"), end)
    ids = pd.array([f"e{i:07d}" for i in range(n)], dtype="string")
    words = np.array(["talks", "ceasefire", "sanctions", "Kremlin", "summit", "drone", "border", "energy", "grain"])
    summary = pd.array([f"{a[0]} said something about {w}" for a, w in zip(actors, rng.choice(words, n))],
                       dtype="string")
    events = pd.DataFrame({
        "event_id": ids, "date": pd.to_datetime(date), "date_end": pd.to_datetime(end),
        "precision": pd.Categorical(np.where(undated, None, np.where(coarse, "month", "day"))),
        "date_value": pd.array(["" for _ in range(n)], dtype="string"),
        "date_text": pd.array(np.where(coarse, "in March", "on Monday"), dtype="string"),
        "actors": actors, "subject": pd.array([a[0] for a in actors], dtype="string"),
        "event_type": pd.Categorical(rng.choice(types, n)), "summary": summary,
        "confidence": rng.random(n), "sources": rng.integers(1, 6, n).astype("int64"),
        "n_mentions": np.ones(n, dtype="int64"), "docs": [[f"d{i // 10}"] for i in range(n)],
        "planned": np.zeros(n, bool), "caption": rng.random(n) < 0.02, "anchored": ~undated,
    })
    outlets = np.array(["Reuters", "BBC News", "Associated Press", ""])
    mentions = pd.DataFrame({
        "event_id": ids, "doc": pd.array([f"d{i // 10}" for i in range(n)], dtype="string"),
        "sentence": summary, "start": np.zeros(n, "int64"), "end": np.full(n, 30, "int64"),
        "date_start": np.zeros(n, "int64"), "date_end": np.zeros(n, "int64"), "caption": events["caption"],
        "outlet": pd.array(rng.choice(outlets, n), dtype="string"), "published": events["date"],
        "actor_spans": [[] for _ in range(n)],
    })
    documents = pd.DataFrame({"doc": pd.array(sorted({f"d{i // 10}" for i in range(n)}), dtype="string")})
    cnt = pd.Series([a for lst in actors for a in lst]).value_counts()
    actor_frame = pd.DataFrame({"actor": pd.array(cnt.index, dtype="string"), "kind": "person",
                                "side": pd.Categorical([sides[int(a[-3:]) % len(sides)] for a in cnt.index]),
                                "role": "", "known": True, "n_events": cnt.to_numpy()})
    return events, mentions, documents, actor_frame
