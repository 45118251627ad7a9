"""The chart menu in a real browser: a title typed into the Download chart menu is the title of the SVG file the
SVG button gives (served by `streamlit run`, drawn by kaleido)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import ARTICLES, chromium, needs_chromium
from timeline.views import images

WAIT = 90_000    # ms: the machine is shared, the first image starts a browser
SVG_NS = "{http://www.w3.org/2000/svg}"

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(images.browser_problem() is not None, reason="no Chromium for image export")]


@needs_chromium
def test_title_typed_in_the_chart_menu_is_the_downloaded_svgs_title(tmp_path, streamlit_server):
    with streamlit_server(ARTICLES, tmp_path, timeout=60) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(WAIT)
        page.goto(url + "/")
        page.wait_for_selector(".js-plotly-plot .main-svg")
        page.get_by_role("button", name="Download chart").first.click()
        menu = page.locator('[data-testid="stPopoverBody"]')
        title = menu.get_by_label("Title", exact=True)
        title.fill("Talks & threats, as reported")
        title.press("Enter")
        subtitle = menu.get_by_label("Subtitle", exact=True)
        subtitle.fill("Five articles")
        subtitle.press("Enter")
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
        with page.expect_download(timeout=WAIT) as info:
            menu.get_by_role("button", name="SVG", exact=True).click()
        path = tmp_path / "chart.svg"
        info.value.save_as(path)
        root = ET.fromstring(path.read_bytes())
        assert root.find(f"{SVG_NS}title").text == "Talks & threats, as reported"
        drawn = {t.get("class"): "".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")
                 if t.get("class") in ("gtitle", "gtitle-subtitle")}
        assert drawn == {"gtitle": "Talks & threats, as reported", "gtitle-subtitle": "Five articles"}
