"""No serious or critical accessibility violation on the main pages (issue 26: axe found 95 colour-contrast
nodes on 8 pages, the menu's text on the Office's red among them), checked with axe-core from npm."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from e2e.journeys import log_in

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
MAIN_PAGES = (
    "/",
    "/petitions/",
    "/documents/",
    "/honours/",
    "/programme/",
    "/programme/dashboard/",
    "/laws/",
    "/foreign/",
    "/lists/incoming-documents/",
    "/lists/petitions/",
)

SERIOUS = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by npm (make install)")
def test_the_main_pages_have_no_serious_accessibility_violation(page: Page) -> None:
    log_in(page, "phochunhiem")
    source = AXE.read_text(encoding="utf-8")
    found = {}
    for path in MAIN_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.evaluate(source)  # through the browser's debugger: the pages' content security policy stays on
        violations = page.evaluate(SERIOUS)
        if violations:
            found[path] = violations
    assert found == {}
