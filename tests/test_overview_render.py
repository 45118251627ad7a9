"""The range slider under the timeline, drawn by kaleido + chromium: it shows the events (WebGL traces are not
drawn in a range slider; the overview density is), and the plot above does not."""
from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
import pytest

from timeline.bench.synthetic import synthetic_frames
from timeline.views import figures, images

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(images.browser_problem() is not None, reason="no Chromium for image export")]

W, H = 1000, 600


def _pixels(srv, fig) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(srv.render(fig, "png", W, H))).convert("L"), dtype=np.int16)


@pytest.mark.parametrize("n,mode", [(3_000, "webgl"), (30_000, "aggregate")])
def test_range_slider_draws_the_overview_and_the_plot_does_not(n, mode):
    ev = synthetic_frames(n, seed=7)[0]
    fig = figures.timeline(ev)
    assert fig.layout.meta["mode"] == mode
    without = go.Figure(fig.to_dict())
    for t in without.data:
        if t.name == "overview":
            t.visible = False
    srv = images.ImageServer()
    try:
        with_px, without_px = _pixels(srv, fig), _pixels(srv, without)
    finally:
        srv.stop()
    changed = np.abs(with_px - without_px) > 40
    rows = np.flatnonzero(changed.any(axis=1))
    assert changed.sum() > 2_000                     # the slider shows a density of the events ...
    slider_top = int(H * 0.80)                      # ... in the slider, under the plot and its axis labels
    assert rows.min() >= slider_top, f"the overview shows in the plot (row {rows.min()})"

