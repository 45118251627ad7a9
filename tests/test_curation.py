"""The edit log and its replay: every action, survival across rebuilds, files, concurrency, SQLite and PostgreSQL."""
from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

import timeline
from conftest import ROOT, free_port
from timeline import cli
from timeline.store import articles, curation, edits, loader
from timeline.views.tables import orphans_table

PUTIN_JAN24 = "4ecf30af6c22"      # Putin statement, Jan. 24 (two documents)
PEACE_ZEL = "75815863f1d8"        # Zelensky statement, Nov. 7
TRUMP_NOV7 = "06c2a2e5a57a"       # Trump statement, Nov. 7
PESKOV = "e0ee09e59661"           # Peskov statement, Friday (four mentions)
LAVROV_DEC29 = "6f017f32108e"     # Lavrov statement, Dec. 29
UNDATED_DOC = "002_7990236add324fa1"


# ----------------------------------------------------------------------------- PostgreSQL

def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql",
                       shell=True, capture_output=True, timeout=600)
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server (Debian's binaries) in a temporary folder, stopped at the end."""
    pytest.importorskip("psycopg", reason="the psycopg driver is not installed (pip install -r requirements.txt)")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed and could not be (apt-get install postgresql as root)")
    run_as: list[str] = []
    data = Path(tempfile.mkdtemp(prefix="timeline-pg-"))
    if os.geteuid() == 0:  # the server refuses to run as root: use the postgres account
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server")
        os.chown(data, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    pgdata = data / "db"
    init = subprocess.run(run_as + [str(bindir / "initdb"), "-D", str(pgdata), "-A", "trust", "-U", "postgres",
                                    "--no-sync", "-E", "UTF8"], capture_output=True, text=True)
    if init.returncode:
        shutil.rmtree(data, ignore_errors=True)
        pytest.fail(f"initdb failed: {init.stderr[-500:]}")
    start = subprocess.run(run_as + [str(bindir / "pg_ctl"), "-D", str(pgdata), "-l", str(data / "log"), "-w",
                                     "-o", f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off",
                                     "start"], capture_output=True, text=True)
    if start.returncode:
        log = (data / "log").read_text() if (data / "log").exists() else ""
        shutil.rmtree(data, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {start.stderr[-300:]} {log[-500:]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(run_as + [str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'edits.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    eng = sa.create_engine(url)
    edits.metadata.drop_all(eng)  # a clean log for each test
    eng.dispose()
    return url


# ----------------------------------------------------------------------------------- helpers

def build(folder, tmp_path, knowledge=None):
    return timeline.build([folder], cache_dir=tmp_path / "cache", knowledge_dir=knowledge)


def curated(c, log):
    return loader.curate(c, log).curation


def row(cur, event_id):
    rows = cur.events[cur.events["event_id"] == event_id]
    assert len(rows) == 1, event_id
    return rows.iloc[0]


# ------------------------------------------------------------------------------------- tests

def test_every_action_is_replayed_with_who_and_previous_value(corpus_dir, tmp_path, db_url):
    c = build(corpus_dir, tmp_path)
    log = curation.Log(edits.engine(db_url))
    cur = curated(c, log)
    ann = curation.Curator(log, cur.events, cur.mentions, "ann")
    ann.accept(LAVROV_DEC29)
    ann.reject(PUTIN_JAN24)
    ann.edit(PEACE_ZEL, summary="Zelensky at the Budapest summit", actors=["Volodymyr Zelensky", "Viktor Orban"],
             event_type="meeting", date="2024-11-07", precision="day")
    ann.merge(PEACE_ZEL, TRUMP_NOV7)
    ms = c.mentions[c.mentions["event_id"] == PESKOV]
    ann.split(PESKOV, ms.iloc[:1])
    _, manual = ann.add(doc="003_b7da2a06324abc62", quote="Moscow was open to dialogue", start=0,
                        date="2025-01-21", actors=["Vladimir Putin"], event_type="statement", summary="by hand")
    cur = curated(c, log)
    assert not cur.orphans
    assert row(cur, LAVROV_DEC29)["status"] == "accepted"
    assert row(cur, PUTIN_JAN24)["status"] == "rejected"
    ev, _ = cur.visible()
    assert PUTIN_JAN24 not in set(ev["event_id"]) and PUTIN_JAN24 in set(cur.visible(True)[0]["event_id"])
    z = row(cur, PEACE_ZEL)
    assert z["summary"] == "Zelensky at the Budapest summit" and z["event_type"] == "meeting"
    assert list(z["actors"])[:2] == ["Volodymyr Zelensky", "Viktor Orban"] and "Donald Trump" in list(z["actors"])
    assert TRUMP_NOV7 not in set(cur.events["event_id"]) and z["n_mentions"] == 3  # merged: 2 + 1 mentions
    assert row(cur, PESKOV)["n_mentions"] == len(ms) - 1
    split = cur.events[cur.events["event_id"].str.startswith("split-")]
    assert len(split) == 1 and split.iloc[0]["n_mentions"] == 1
    m = row(cur, manual)
    assert str(m["date"])[:10] == "2025-01-21" and m["subject"] == "Vladimir Putin" and m["status"] == "accepted"
    assert set(cur.mentions.loc[cur.mentions["event_id"] == manual, "doc"]) == {"003_b7da2a06324abc62"}
    h = log.history()
    assert len(h) == 6 and set(h["who"]) == {"ann"}
    edit = h[h["action"] == "edit"].iloc[0]
    assert json.loads(edit["previous"])["event_type"] == "statement"
    # undo the newest edits, one by one: the added event goes, then the split
    assert log.undo_last("ann").action == "add"
    assert log.undo_last("ann").action == "split"
    cur = curated(c, log)
    assert manual not in set(cur.events["event_id"]) and row(cur, PESKOV)["n_mentions"] == len(ms)
    assert log.undo_last("bob") is None  # bob has nothing to undo
    assert log.history()["undone"].str.startswith("undone by ann").sum() == 2


@pytest.mark.slow
def test_edits_survive_a_rebuild_with_a_changed_extractor(corpus_dir, tmp_path):
    know = tmp_path / "knowledge"
    shutil.copytree(ROOT / "data", know, ignore=shutil.ignore_patterns("articles"))
    c = build(corpus_dir, tmp_path, know)
    log = loader.open_log(corpus_dir)
    cur = curated(c, log)
    ann = curation.Curator(log, cur.events, cur.mentions, "ann")
    ann.reject(LAVROV_DEC29)
    ann.edit(PUTIN_JAN24, summary="Putin: ready for talks with Trump")
    ann.accept(PESKOV)
    # the improved extractor: Lavrov's canonical name changes (so do his events' ids); Peskov is unknown now
    # (in a new folder: a process keeps the extractor of a knowledge folder it has already loaded)
    know2 = tmp_path / "knowledge-2"
    shutil.copytree(know, know2)
    lines = (know / "actors.csv").read_text().splitlines()
    lines = [ln.replace("Sergey Lavrov,", "Sergei Lavrov,", 1) for ln in lines if not ln.startswith("Dmitry Peskov,")]
    (know2 / "actors.csv").write_text("\n".join(lines) + "\n")
    c2 = build(corpus_dir, tmp_path, know2)
    assert LAVROV_DEC29 not in set(c2.events["event_id"])  # the id did change
    cur2 = curated(c2, log)
    lavrov = cur2.events[cur2.events["subject"] == "Sergei Lavrov"]
    dec29 = lavrov[lavrov["date"].astype(str).str.startswith("2024-12-29")]
    assert len(dec29) == 1 and dec29.iloc[0]["status"] == "rejected"  # re-attached by its evidence
    assert row(cur2, PUTIN_JAN24)["summary"] == "Putin: ready for talks with Trump"
    attached = {e.target for e, _ in cur2.reattached}
    orphaned = {e.target for e, _ in cur2.orphans}
    assert LAVROV_DEC29 in attached
    # Peskov's statement either still exists under a new id (re-attached) or is listed: never silently dropped
    assert PESKOV in attached | orphaned | set(cur2.events["event_id"])
    assert len(log.edits()) == 3


def test_orphaned_edits_are_listed_not_dropped(corpus_dir, tmp_path):
    c = build(corpus_dir, tmp_path)
    log = loader.open_log(corpus_dir)
    cur = curated(c, log)
    curation.Curator(log, cur.events, cur.mentions, "ann").reject("b88330724fb9")  # only in document 003
    os.remove(corpus_dir / "003_b7da2a06324abc62.txt")
    cur2 = curated(build(corpus_dir, tmp_path), log)
    assert [e.target for e, _ in cur2.orphans] == ["b88330724fb9"]
    assert list(orphans_table(cur2.orphans)["event"]) == ["b88330724fb9"]


def test_dating_an_undated_document_reanchors_it_and_keeps_edits(corpus_dir, tmp_path):
    c = build(corpus_dir, tmp_path)
    log = loader.open_log(corpus_dir)
    undated = c.events[c.events["docs"].map(lambda d: UNDATED_DOC in d) & c.events["date"].isna()]
    assert len(undated) >= 5
    target = undated.iloc[0]["event_id"]
    cur = curated(c, log)
    curation.Curator(log, cur.events, cur.mentions, "ann").edit(target, summary="checked by hand")
    doc = c.documents.set_index("doc").loc[UNDATED_DOC]
    doc["path"] = doc["path"]
    assert articles.set_document(log, corpus_dir, "ann", doc, {"published": "2025-01-10"})
    c2 = build(corpus_dir, tmp_path)
    assert str(c2.documents.set_index("doc").loc[UNDATED_DOC, "published"])[:10] == "2025-01-10"
    dated = c2.events[c2.events["docs"].map(lambda d: UNDATED_DOC in d)]
    assert dated["date"].notna().sum() >= 5  # "on Thursday", "this week"... now resolved
    cur2 = curated(c2, log)
    assert not cur2.orphans and (cur2.events["summary"] == "checked by hand").sum() == 1
    meta = log.history().iloc[0]
    assert meta["action"] == "meta" and json.loads(meta["previous"])["values"] == {"published": ""}
    articles.undo_last_edit(log, corpus_dir, "ann")  # the date goes again
    assert articles.row_of(corpus_dir, "002_7990236add324fa1.txt") is None
    assert build(corpus_dir, tmp_path).documents.set_index("doc")["published"].isna()[UNDATED_DOC]


def test_sources_csv_keeps_other_rows_and_columns(tmp_path):
    (tmp_path / "sources.csv").write_text("file,published,notes,outlet\na.txt,2024-01-01,keep me,Reuters\n"
                                          "b,,x,\n", encoding="utf-8")
    undo = articles.set_metadata(tmp_path, "b.txt", {"published": "2024-02-03", "outlet": "AP"})
    text = (tmp_path / "sources.csv").read_text()
    assert text.splitlines()[0] == "file,published,notes,outlet,url,title"
    assert "a.txt,2024-01-01,keep me,Reuters" in text and "b,2024-02-03,x,AP" in text
    assert undo["row"]["file"] == "b" and "keep me" in undo["sources_csv"]
    articles.restore_row(tmp_path, "b.txt", undo["row"])
    assert "b,,x," in (tmp_path / "sources.csv").read_text()
    with pytest.raises(articles.ArticleError, match="YYYY-MM-DD"):
        articles.set_metadata(tmp_path, "a.txt", {"published": "last week"})


def test_metadata_written_at_once_from_threads_and_processes_loses_no_row(tmp_path):
    """sources.csv is read, changed and rewritten under the folder's lock: writers in two threads and in another
    process, each adding its own rows at the same time, never write over each other's."""
    n = 25
    script = ("import sys\nfrom timeline.store import articles\n"
              f"for i in range({n}): articles.set_metadata(sys.argv[1], f'p{{i}}.txt', {{'outlet': 'P'}})")
    other = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT)

    def write(name: str) -> None:
        for i in range(n):
            articles.set_metadata(tmp_path, f"{name}{i}.txt", {"outlet": name.upper()})

    threads = [threading.Thread(target=write, args=(name,)) for name in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert other.wait(60) == 0
    _, rows, _ = articles.read_table(tmp_path)
    assert sorted(r["file"] for r in rows) == sorted(f"{name}{i}.txt" for name in "abp" for i in range(n))
    assert {r["outlet"] for r in rows} == {"A", "B", "P"}


def test_uploads_get_safe_new_names(tmp_path):
    (tmp_path / "report.txt").write_text("old")
    p = articles.save_article(tmp_path, "../../etc/report.txt", b"new text")
    assert p == tmp_path / "report-2.txt" and (tmp_path / "report.txt").read_text() == "old"
    assert articles.save_article(tmp_path, "C:\\x\\report.md", b"md").name == "report-3.md"  # same stem: new name
    # letters of any script are kept
    assert articles.save_article(tmp_path, "Kyiv talks (draft) é.HTM", b"<p>x</p>").name == "Kyiv-talks-draft-é.html"
    assert articles.save_article(tmp_path, "..", b"x").name == "article.txt"
    with pytest.raises(articles.ArticleError, match="only .txt, .md, .html"):
        articles.save_article(tmp_path, "evil.sh", b"rm -rf /")
    with pytest.raises(articles.ArticleError, match="over the 5 MB limit"):
        articles.save_article(tmp_path, "big.txt", b"x" * (articles.MAX_BYTES + 1))
    with pytest.raises(articles.ArticleError, match="empty"):
        articles.save_article(tmp_path, "blank.txt", b"  \n")
    assert not list(tmp_path.glob(".upload-*"))  # no temporary file left behind


def test_two_sessions_editing_at_once_lose_nothing(corpus_dir, tmp_path, db_url):
    c = build(corpus_dir, tmp_path)
    ids = list(c.events["event_id"])
    errors = []
    docs = c.documents.set_index("doc", drop=False)

    def session(name: str, offset: int):
        try:
            log = curation.Log(edits.engine(db_url))  # each session its own engine and connections
            cur = curated(c, log)
            cu = curation.Curator(log, cur.events, cur.mentions, name)
            for i in range(15):
                eid = ids[(offset + i) % len(ids)]
                cu.edit(eid, summary=f"{name} {i}")
                (cu.accept if i % 2 else cu.reject)(eid)
            doc = docs.iloc[offset % len(docs)]
            articles.set_document(log, corpus_dir, name, doc, {"outlet": f"Outlet {name}"})
        except Exception as exc:  # reported below: a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=session, args=("ann", 0)), threading.Thread(target=session, args=("bob", 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    log = curation.Log(edits.engine(db_url))
    h = log.history()
    assert (h["who"] == "ann").sum() == 31 and (h["who"] == "bob").sum() == 31
    rows = articles.read_table(corpus_dir)[1]
    assert {r["outlet"] for r in rows} == {"Outlet ann", "Outlet bob"}
    cur = curated(build(corpus_dir, tmp_path), log)
    assert not cur.orphans


def test_cli_uses_the_curated_events_when_a_database_exists(corpus_dir, tmp_path, capsys):
    out = tmp_path / "events.jsonl"
    assert cli.main(["extract", str(corpus_dir), "--out", str(out)]) == 0
    n_raw = len(out.read_text().splitlines())
    log = loader.open_log(corpus_dir)
    c = build(corpus_dir, tmp_path)
    cur = curated(c, log)
    curation.Curator(log, cur.events, cur.mentions, "ann").reject(PUTIN_JAN24)
    assert cli.main(["extract", str(corpus_dir), "--out", str(out)]) == 0
    ids = {json.loads(x)["event_id"] for x in out.read_text().splitlines()}
    assert len(ids) == n_raw - 1 and PUTIN_JAN24 not in ids
    assert cli.main(["extract", str(corpus_dir), "--out", str(out), "--no-curated"]) == 0
    assert len(out.read_text().splitlines()) == n_raw


def test_two_editors_on_one_event_get_a_conflict_not_a_silent_revert(corpus_dir, tmp_path, db_url):
    c = build(corpus_dir, tmp_path)
    ann_log, bob_log = curation.Log(edits.engine(db_url)), curation.Log(edits.engine(db_url))  # two sessions
    cur = curated(c, ann_log)
    seen = curation.event_values(cur.events, PEACE_ZEL)
    ann = curation.Curator(ann_log, cur.events, cur.mentions, "ann")
    bob = curation.Curator(bob_log, cur.events, cur.mentions, "bob")
    ann_base, bob_base = ann.version(PEACE_ZEL), bob.version(PEACE_ZEL)   # both open the event
    assert ann.edit(PEACE_ZEL, base=ann_base, seen=seen, summary="ann's summary", event_type="meeting")
    # bob saves his form, made before ann's save: the same summary field, another value
    with pytest.raises(curation.Conflict) as caught:
        bob.edit(PEACE_ZEL, base=bob_base, seen=seen, summary="bob's summary", event_type="meeting",
                 actors=seen["actors"])
    conflict = caught.value
    assert conflict.theirs == {"summary": "ann's summary"} and conflict.yours == {"summary": "bob's summary"}
    assert conflict.by == ["ann"] and "ann's summary" in str(conflict) and "bob's summary" in str(conflict)
    # nothing reverted: ann's values stand, bob's are kept in the log as a proposal
    z = row(curated(c, bob_log), PEACE_ZEL)
    assert z["summary"] == "ann's summary" and z["event_type"] == "meeting"
    proposals = [e for e in bob_log.edits() if e.action == "conflict"]
    assert len(proposals) == 1 and proposals[0].new["summary"] == "bob's summary" and proposals[0].who == "bob"
    assert proposals[0].previous == {"summary": "ann's summary"}
    # a field ann did not touch is no conflict: bob's date goes through on his old version
    assert bob.edit(PEACE_ZEL, base=bob_base, seen=seen, date="2024-11-08", precision="day")
    # "save mine anyway": bob saves again on the version he was shown with the conflict
    assert bob.edit(PEACE_ZEL, base=conflict.version, seen={**seen, "summary": "ann's summary"},
                    summary="bob's summary")
    z = row(curated(c, ann_log), PEACE_ZEL)
    assert z["summary"] == "bob's summary" and str(z["date"])[:10] == "2024-11-08" and z["event_type"] == "meeting"
    # and now ann's stale form conflicts in turn
    with pytest.raises(curation.Conflict):
        ann.edit(PEACE_ZEL, base=ann_base, seen=seen, summary="ann again")
