"""The viewer in a real browser: Debian's chromium, driven by playwright (never a downloaded browser).

Skipped when /usr/bin/chromium is absent; `.ci/run` installs it, so CI always runs these.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.query import load_graph
from kg.viewer import view_data, write_view

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Viewer:
    """A page showing a dataset's viewer, with what it logged and asked the network for."""

    def __init__(self, browser, dataset, path: Path):
        self.data = write_view(dataset, path)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.page.set_default_timeout(5000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-ready]")

    def click_fact(self, prop: str) -> None:
        """Click the middle of the first drawn fact with property ``prop``, as a person would."""
        x, y = self.page.eval_on_selector(f".edge[data-property={prop}] .hit", """path => {
            const middle = path.getPointAtLength(path.getTotalLength() / 2);
            const box = path.ownerSVGElement.getBoundingClientRect();
            return [box.left + middle.x, box.top + middle.y];
        }""")
        self.page.mouse.click(x, y)

    def visible(self, selector: str) -> int:
        return self.page.locator(f"{selector}:not(.hidden)").count()

    def node(self, label: str):
        return self.page.locator(".node").filter(has=self.page.locator(f"text={label}")).first

    def search(self, text: str) -> list[str]:
        self.page.fill("#search", text)
        return self.page.locator("#results button").all_text_contents()

    def details(self) -> str:
        return self.page.locator("#details").inner_text()


@pytest.fixture
def open_view(browser, tmp_path):
    opened = []

    def show(dataset) -> Viewer:
        viewer = Viewer(browser, dataset, tmp_path / f"graph{len(opened)}.html")
        opened.append(viewer)
        return viewer

    yield show
    for viewer in opened:
        assert viewer.errors == []
        assert all(url.startswith("file://") for url in viewer.requests), viewer.requests  # offline
        viewer.page.close()


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    build([ROOT / "seeds"], out, formats=["trig"])
    return load_graph(out / "graph.trig")


@pytest.fixture(scope="module")
def shared_seeds_graph(tmp_path_factory, shared_path):
    out = tmp_path_factory.mktemp("shared-seeds")
    build([shared_path("corpus", "seeds")], out, formats=["trig"])
    return load_graph(out / "graph.trig")


def test_every_node_and_fact_is_drawn_and_names_stay_text(open_view, news, handmade):
    viewer = open_view(news)
    page = viewer.page
    assert page.locator(".node").count() == len(viewer.data.nodes) == 6
    assert page.locator(".edge").count() == len(viewer.data.edges) == 4
    assert page.evaluate("typeof window.pwned") == "undefined"
    viewer.click_fact("acquired")
    heading = page.locator("#details .fact h3").inner_text()
    assert handmade.NASTY_NAME in heading and "acquired" in heading and "Tove Works" in heading
    assert page.locator("#details blockquote").all_text_contents() == [f"{handmade.NASTY_NAME} acquired Tove Works."]
    assert page.locator("#details a").count() == 0  # its source is javascript:..., so no link
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_clicking_a_fact_shows_each_sentence_with_its_article_link(open_view, news, handmade):
    viewer = open_view(news)
    page = viewer.page
    viewer.click_fact("investedIn")
    assert page.locator("#details blockquote").all_text_contents() == [
        "Brightwater Labs invested in Quillon Systems.", "Analysts said Brightwater Labs invested in Quillon Systems."]
    links = page.locator("#details a")
    assert links.all_text_contents() == ["Brightwater bets on Quillon", handmade.NASTY_TITLE]
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "https://news.example/alpha", "https://news.example/beta?a=1&b=2"]
    assert "confidence 0.97 · 2 sentences" in page.locator("#details").inner_text()
    assert page.locator("#details img, #details b").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_the_date_slider_and_the_classes_filter_what_is_drawn(open_view, news):
    viewer = open_view(news)
    page = viewer.page
    assert page.locator("#date-label").inner_text() == "2024-05-02"
    page.eval_on_selector("#date", "slider => { slider.value = 0; slider.dispatchEvent(new Event('input')); }")
    assert page.locator("#date-label").inner_text() == "2024-03-14"
    assert viewer.visible(".edge") == 3  # investedIn and ceoOf stated on 2024-03-14, and the undated acquisition
    page.uncheck("#undated")
    assert viewer.visible(".edge") == 2
    assert sorted(page.locator(".node:not(.hidden) text").all_text_contents()) == [
        "Brightwater Labs", "Marta Quell", "Quillon Systems"]
    page.uncheck("#legend input[data-class=Person]")
    assert viewer.visible(".node") == 2 and viewer.visible(".edge") == 1
    assert "2 of 6 entities · 1 of 4 facts" in page.locator("#counts").inner_text()


def test_search_finds_scale_ai_in_the_shared_seeds_and_shows_its_evidence(open_view, shared_seeds_graph):
    viewer = open_view(shared_seeds_graph)
    page = viewer.page
    assert page.locator(".node").count() == len(viewer.data.nodes) > 5
    results = viewer.search("scale ai")
    assert results[0].startswith("Scale AI (Organization")
    assert page.locator(".node.match").count() == len(results)
    assert "Scale AI" in page.locator(".node.match text").all_text_contents()
    page.press("#search", "Enter")
    assert page.locator("#details h2").inner_text() == "Scale AI"
    sentences = page.locator("#details blockquote").all_text_contents()
    assert sentences and any("Scale AI" in s for s in sentences)
    assert all("Scale AI" in h for h in page.locator("#details .fact h3").all_text_contents())


def test_the_repo_seeds_view_searches_and_links_to_articles(open_view, seeds_graph):
    viewer = open_view(seeds_graph)
    page = viewer.page
    assert page.locator(".node").count() == len(view_data(seeds_graph).nodes)
    assert viewer.search("lumora") == ["Lumora Robotics (Organization, 3)"]
    viewer.node("Lumora Robotics").locator("circle").click()
    assert page.locator("#details h2").inner_text() == "Lumora Robotics"
    assert "Harborview Capital invested" in viewer.details()
    viewer.search("Solvane")
    page.locator("#results button").first.click()
    assert page.locator("#details h2").inner_text() == "Solvane"
    assert page.locator('#details a[href="https://business.example.org/2025/06/crestline-solvane"]').count() >= 1
    page.locator("#graph").click(position={"x": 5, "y": 5})  # the background: nothing selected
    assert "Click an entity or a fact" in viewer.details()
