"""The command line, run as a user runs it: a real subprocess, real files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ARTICLES, ROOT
from timeline.store import edits, loader


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "timeline", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, **kw)


def test_extract_jsonl_has_the_documented_fields(tmp_path):
    out = tmp_path / "events.jsonl"
    r = run("extract", ARTICLES, "--out", out)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 15
    for key in ("event_id", "date", "date_end", "precision", "date_text", "actors", "event_type", "summary",
                "sources", "mentions"):
        assert all(key in r for r in rows), key
    m = rows[0]["mentions"][0]
    assert {"doc", "sentence", "start", "end"} <= set(m)
    text = (ARTICLES / f"{m['doc']}.txt").read_text(encoding="utf-8")
    assert text[m["start"]:m["end"]] == m["sentence"]
    assert "002_7990236add324fa1.txt: no publication date found" in r.stderr
    assert any(r["date"] == "2024-11-08" and "Dmitry Peskov" in r["actors"] for r in rows)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@pytest.mark.slow
def test_extract_other_formats(tmp_path, suffix):
    out = tmp_path / f"events{suffix}"
    assert run("extract", ARTICLES, "--out", out).returncode == 0
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert len(df) >= 15 and {"date", "actors", "event_type", "mentions"} <= set(df.columns)


@pytest.mark.slow
def test_unknown_output_format_is_a_clear_error(tmp_path):
    r = run("extract", ARTICLES, "--out", tmp_path / "events.xlsx")
    assert r.returncode == 2
    assert "unknown format .xlsx" in r.stderr and ".jsonl" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_bad_files_go_to_stderr_and_exit_zero(tmp_path):
    (tmp_path / "good.txt").write_text("date 2025-02-10\n\nSergei Ryabkov said on Monday that talks could begin.\n",
                                       encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    out = tmp_path / "o.jsonl"
    r = run("extract", tmp_path, "--out", out)
    assert r.returncode == 0
    lines = [l for l in r.stderr.splitlines() if "bad.txt" in l]
    assert len(lines) == 1 and "PNG" in lines[0]
    assert out.read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.slow
def test_nothing_readable_exits_nonzero(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    r = run("extract", tmp_path, "--out", tmp_path / "o.jsonl")
    assert r.returncode == 1 and "no article could be read" in r.stderr


@pytest.mark.slow
def test_timex_command(tmp_path):
    src = tmp_path / "docs.jsonl"
    text = "Peskov said on Friday that Putin spoke on Thursday, and talks may start in January."
    src.write_text(json.dumps({"doc": "d1", "dct": "2024-11-08", "text": text}) + "\n"
                   + json.dumps({"doc": "d2", "dct": None, "text": "He spoke on Thursday."}) + "\nnot json\n",
                   encoding="utf-8")
    out = tmp_path / "t.jsonl"
    r = run("timex", "--in", src, "--out", out)
    assert r.returncode == 0
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    d1 = {x["text"]: x["value"] for x in rows if x["doc"] == "d1"}
    assert d1 == {"Friday": "2024-11-08", "Thursday": "2024-11-07", "January": "2025-01"}
    assert all(text[x["start"]:x["end"]] == x["text"] for x in rows if x["doc"] == "d1")
    assert [x["value"] for x in rows if x["doc"] == "d2"] == ["XXXX-WXX-4"]
    assert "docs.jsonl:3: skipped" in r.stderr


@pytest.mark.slow
def test_docs_command_lists_dates_and_sources():
    r = run("docs", ARTICLES)
    assert r.returncode == 0
    lines = {l.split("\t")[0]: l.split("\t") for l in r.stdout.splitlines()}
    assert lines["004_818d8616ca24f288"][1:3] == ["2024-11-08", "date line"]
    assert lines["002_7990236add324fa1"][1] == "undated"


@pytest.mark.slow
def test_a_damaged_edit_database_is_one_line_and_exit_code_3(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    log = loader.open_log(folder)
    for i in range(60):
        log.record("ann", "accept", f"event{i}", {"status": "accepted"}, {"status": ""}, [f"evidence {i} " * 20])
    log.engine.dispose()
    db = folder / edits.DB_FILE
    broken = db.read_bytes()[:5000]
    db.write_bytes(broken)  # truncated
    env = {**os.environ, "TIMELINE_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "events.jsonl"
    r = run("extract", folder, "--out", out, env=env)
    assert r.returncode == 3, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(db) in errors[0] and "damaged" in errors[0] and "--no-curated" in errors[0]
    assert "Traceback" not in r.stderr and not out.exists()
    assert db.read_bytes() == broken  # the command line leaves the file where it is
    assert "3 the edit database is damaged" in " ".join(run("--help").stdout.split())
    r = run("extract", folder, "--out", out, "--no-curated", env=env)
    assert r.returncode == 0 and out.exists()
