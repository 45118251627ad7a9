"""The Dask engine: the same extraction on a LocalCluster with two workers, written as partitioned Parquet."""
from __future__ import annotations

import pandas as pd
import pytest

import timeline
from conftest import ARTICLES, NEWS, ROOT

pytest.importorskip("dask.distributed")
pytestmark = pytest.mark.slow  # each test starts a Dask cluster of two worker processes: about 5 s for the two


def _same(a: pd.DataFrame, b: pd.DataFrame, columns):
    a = a[columns].reset_index(drop=True)
    b = b[columns].reset_index(drop=True)
    for c in columns:
        if isinstance(a[c].dtype, pd.CategoricalDtype) or isinstance(b[c].dtype, pd.CategoricalDtype):
            a[c], b[c] = a[c].astype("string"), b[c].astype("string")
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_dask_engine_equals_local_engine(tmp_path):
    from timeline import distributed

    out = tmp_path / "out"
    remote = distributed.extract([ARTICLES, NEWS], out, n_workers=2, batch=3)
    local = timeline.build([ARTICLES, NEWS], use_cache=False, workers=1)
    assert len(local.events) > 50
    _same(remote.events, local.events, list(local.events.columns))
    _same(remote.mentions, local.mentions, list(local.mentions.columns))
    # What was written reads back the same, as the dashboard reads it.
    assert distributed.is_output(out)
    back = distributed.load(out)
    _same(back.events, local.events, list(local.events.columns))
    _same(back.mentions, local.mentions, list(local.mentions.columns))
    _same(back.documents, local.documents, [c for c in local.documents.columns if c != "cache_key"])
    assert sorted(p.name for p in (out / "events").iterdir())[:1] == ["year=2014.parquet"]
    assert {str(p) for p in back.problems} == {str(p) for p in local.problems}


def test_dashboard_reads_a_dask_output_folder(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from timeline import distributed

    out = tmp_path / "out"
    distributed.extract([ARTICLES], out, n_workers=2, batch=2)
    monkeypatch.setenv("TIMELINE_DATA", str(out))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    local = timeline.build([ARTICLES], use_cache=False)
    shown = " ".join(m.value for m in at.sidebar.markdown)
    assert f"of {len(local.events)} events" in shown
