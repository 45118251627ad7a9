"""Hosting safely, without a browser: secrets outside the repository, settings from the environment, the
configured limits, what visitors see, editors' names, and how uploaded articles reach the data folder (names,
file modes, the history row, temporary files)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard import access
from timeline.store import articles, curation, edits as edit_db, loader

PUTIN_JAN24 = "4ecf30af6c22"


@pytest.fixture(autouse=True)
def _fresh_guesses():
    """Wrong guesses are counted per server process: each test starts (and leaves) with none."""
    throttle = getattr(access, "THROTTLE", None)
    if throttle is not None:
        throttle.clear()
    yield
    if throttle is not None:
        throttle.clear()


@pytest.fixture
def run_app(monkeypatch, corpus_dir):
    for k in ("TIMELINE_READONLY", "TIMELINE_HOSTED", "TIMELINE_EDIT_PASSWORD", "TIMELINE_DB_URL"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("TIMELINE_DATA", str(corpus_dir))

    def _run(page: str | None = None, env: dict | None = None, event: str | None = None) -> AppTest:
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if event:
            at.query_params["event"] = event
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at
    return _run


def _texts(at) -> str:
    """Everything the page shows as text (markdown, captions, HTML, tables, labels)."""
    parts = [str(getattr(e, "value", "")) for kind in ("markdown", "caption", "text", "html", "error", "warning",
                                                       "info", "success") for e in at.get(kind)]
    parts += [e.proto.label for e in at.get("expander")] + [d.value.to_csv() for d in at.dataframe]
    return "\n".join(parts)


# ------------------------------------------------------------------------------ secrets and settings

def test_the_secrets_file_is_never_committed():
    assert subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT).returncode == 0


def test_edit_password_and_database_url_from_the_environment(run_app, corpus_dir, tmp_path):
    url = f"sqlite:///{tmp_path / 'from-env.sqlite'}"
    at = run_app("pages/events.py", env={"TIMELINE_HOSTED": "1", "TIMELINE_EDIT_PASSWORD": "env-pass",
                                         "TIMELINE_DB_URL": url}, event=PUTIN_JAN24)
    assert "cur_accept" not in {b.key for b in at.button}
    at.sidebar.text_input(key="edit_password").set_value("env-pass")
    at.sidebar.button(key="unlock").click().run()
    at.button(key="cur_accept").click().run()
    assert not edit_db.default_exists(corpus_dir)
    assert list(loader.open_log(corpus_dir, url).history()["action"]) == ["accept"]


def test_the_configured_limits():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "localhost"  # a local run answers this machine only
    assert config["server"]["maxUploadSize"] * 2 ** 20 == articles.MAX_BYTES  # Streamlit's limit is the app's
    assert config["client"]["showErrorDetails"] == "none"


def test_the_uploader_states_the_limit_it_enforces(run_app):
    at = run_app("pages/sources.py")
    (uploader,) = at.get("file_uploader")
    mb = articles.MAX_BYTES // 2 ** 20
    assert f"{mb} MB" in uploader.proto.label and f"{mb} MB" in uploader.proto.help
    assert uploader.proto.max_upload_size_mb == mb


# ------------------------------------------------------------------------------ what visitors see

@pytest.mark.slow
def test_visitors_see_no_edit_history_and_no_data_path(run_app, corpus_dir):
    editor = run_app("pages/events.py", event=PUTIN_JAN24)
    editor.sidebar.text_input(key="who").set_value("Ann Analyst").run()
    editor.button(key="cur_accept").click().run()
    assert "Edit history" in _texts(editor) and str(corpus_dir) in _texts(editor)
    for page in ("pages/events.py", "pages/sources.py"):
        visitor = run_app(page, env={"TIMELINE_HOSTED": "1"}, event=PUTIN_JAN24)
        shown = _texts(visitor)
        assert "Edit history" not in shown and str(corpus_dir) not in shown, page
        assert str(corpus_dir.parent) not in shown


def test_names_are_recorded_without_control_characters(run_app, corpus_dir):
    at = run_app("pages/events.py", event=PUTIN_JAN24)
    at.sidebar.text_input(key="who").set_value("Ann\u202e\x00\n Analyst").run()
    assert any("Names are recorded" in w.value for w in at.sidebar.warning)
    at.button(key="cur_accept").click().run()
    assert loader.open_log(corpus_dir).history().iloc[0]["who"] == "Ann Analyst"
    assert curation.clean_name("x" * 300) == "x" * curation.MAX_NAME


# ------------------------------------------------------------------------------ uploaded articles

def test_non_ascii_names_stay_readable(tmp_path):
    assert articles.save_article(tmp_path, "доклад.txt", b"text").name == "доклад.txt"
    assert articles.save_article(tmp_path, "報告.txt", b"text").name == "報告.txt"
    assert articles.save_article(tmp_path, "報告.md", b"text").name == "報告-2.md"
    assert articles.save_article(tmp_path, "a\x00b.txt", b"text").name == "ab.txt"
    assert articles.save_article(tmp_path, "ｆｕｌｌ／..／x.txt", b"text").name == "x.txt"  # no folder by width
    assert articles.paste_name("Заявление МИД") == "заявление-мид.txt"
    with pytest.raises(articles.ArticleError, match="only .txt"):
        articles.save_article(tmp_path, "report\u202etxt.exe", b"text")  # shown as report.exe.txt


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_new_files_follow_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        path = articles.save_article(tmp_path, "a.txt", b"text")
        articles.set_metadata(tmp_path, "a.txt", {"outlet": "TASS"})
    finally:
        os.umask(old)
    assert (path.stat().st_mode & 0o777) == 0o666 & ~umask
    assert ((tmp_path / articles.SOURCES_FILE).stat().st_mode & 0o777) == 0o666 & ~umask


def test_no_article_without_its_history_row(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    log = loader.open_log(folder)
    articles.add_article(log, folder, "ann", "first.txt", b"Moscow said on Monday.")
    with log.engine.begin() as conn:  # the edit database fails: nothing can be recorded
        conn.execute(sa.text("DROP TABLE " + edit_db.edit_table.name))
    with pytest.raises(sa.exc.SQLAlchemyError):
        articles.add_article(log, folder, "ann", "second.txt", b"Kyiv said on Tuesday.")
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["first.txt"]
    assert not list(folder.glob(".upload-*"))


def test_interrupted_uploads_leave_nothing_behind_after_a_start(run_app, corpus_dir):
    stale, fresh = corpus_dir / ".upload-abc.tmp", corpus_dir / ".upload-def.tmp"
    for p in (stale, fresh, corpus_dir / ".sources-old.tmp"):
        p.write_bytes(b"half an article")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(corpus_dir / ".sources-old.tmp", (old, old))
    run_app()
    assert not stale.exists() and not (corpus_dir / ".sources-old.tmp").exists()
    assert fresh.exists()  # a write under way (in another process) is left alone


ADD_MANY = """
import sys
from timeline.store import articles, loader
folder = sys.argv[1]
log = loader.open_log(folder)
for i in range(300):
    articles.add_article(log, folder, "ann", f"a{i}.txt", b"Moscow said on Monday. " * 200,
                         {"outlet": "TASS"})
"""


@pytest.mark.slow
def test_a_killed_upload_of_many_files_leaves_every_article_undoable(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", ADD_MANY, str(folder)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while len(list(folder.glob("a*.txt"))) < 40 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.005)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    files = {p.name for p in folder.glob("a*.txt")}
    assert 40 <= len(files) < 300
    logged = set(loader.open_log(folder).history()["target"])
    assert files <= logged  # every article that appeared has the edit that undoes it
    articles.clean_temp_files(folder, older_than=0)
    assert not list(folder.glob(".upload-*")) and not list(folder.glob(".sources-*"))
