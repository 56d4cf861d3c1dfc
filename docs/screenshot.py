"""Remake docs/view.png, the README's picture of `kg view`: the default build, with Solvane selected.

Run from the repository root after `kg build && kg view` (needs Debian's chromium, playwright and Pillow:
pip install -e ".[test]").
"""

from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PAGE = Path("exports/graph.html").resolve()
OUT = Path("docs/view.png")

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1100, "height": 640})
    page.goto(PAGE.as_uri())
    page.wait_for_selector("body[data-ready]")
    page.fill("#search", "Solvane")
    page.locator("#results button").first.click()
    page.fill("#search", "")
    page.click("#fit")
    page.screenshot(path=str(OUT))
    browser.close()

# A palette of 256 colours keeps the picture small and its colours true.
Image.open(OUT).convert("RGB").quantize(256).save(OUT, optimize=True)
print(f"{OUT}: {OUT.stat().st_size // 1024} kB")
