"""The HTML report in a real browser: it shows the summary and every photo, and asks for nothing.

Headless Chromium opens the report the CLI wrote, over the DevTools protocol; every request
the page makes and everything the browser logs is recorded. A request other than the page
itself (pictures are data: URIs) or a Content-Security-Policy violation fails the test. A page
that does load something from outside shows that the check can fail. Screenshots are kept in
$EXPOSURE_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chromium import Browser, chromium
from paths import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="chromium is not installed (Debian package 'chromium')"
)

PROBE = """({
  cards: document.querySelectorAll('article.card').length,
  summary: document.querySelector('section.summary h2')?.innerText || '',
  harm: document.querySelector('section.summary .harm')?.innerText || '',
  lang: document.documentElement.lang,
  overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
  images: [...document.images].filter(i => i.complete && i.naturalWidth > 0).length,
})"""


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    """One cache for the module's scans: the second and third read the photos from it."""
    return tmp_path_factory.mktemp("scan-cache")


def _scan(lang: str, out: Path, cache: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "audit", "scan", str(EXAMPLES / "photos")]
    command += ["--answers", str(EXAMPLES / "answers" / "student.json"), "--fail-on", "none"]
    command += ["--format", "html", "--lang", lang, "-o", str(out), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    subprocess.run(command, check=True, env=env, cwd=ROOT, timeout=300)


def _outside(visit, page: str) -> list[str]:
    return [url for url in visit.requests if url != page and not url.startswith("data:")]


def _keep(shot: Path) -> None:
    folder = os.environ.get("EXPOSURE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    opened = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield opened
    opened.close()


@pytest.mark.parametrize(("lang", "heading"), [("en", "In short"), ("zh", "概要")])
def test_report_opens_with_summary_and_every_card_and_no_request(
    browser, shared_cache, tmp_path, lang, heading
):
    report = tmp_path / f"report-{lang}.html"
    _scan(lang, report, shared_cache)
    page = report.as_uri()
    shot = tmp_path / f"report-{lang}.png"
    visit = browser.visit(page, shot, width=1000, script=PROBE)
    assert visit.values["summary"] == heading
    assert visit.values["harm"]
    assert visit.values["cards"] == 17
    assert visit.values["lang"] == ("zh-CN" if lang == "zh" else "en")
    assert visit.values["images"] >= 17
    assert _outside(visit, page) == []
    assert [entry for entry in visit.logs if entry.get("level") in ("error", "warning")] == []
    assert shot.stat().st_size > 10_000
    _keep(shot)
    phone = tmp_path / f"report-{lang}-phone.png"
    narrow = browser.visit(page, phone, width=390, script=PROBE)
    assert not narrow.values["overflow"], "the page must reflow on a phone, not scroll sideways"
    assert _outside(narrow, page) == []
    _keep(phone)


def test_redacted_report_has_no_way_to_unblur(browser, shared_cache, tmp_path):
    report = tmp_path / "report-redacted.html"
    _scan("en", report, shared_cache, "--redact")
    text = report.read_text(encoding="utf-8")
    assert "<details" not in text and "examples/photos" not in text
    visit = browser.visit(report.as_uri(), tmp_path / "report-redacted.png", script=PROBE)
    assert visit.values["cards"] == 17 and _outside(visit, report.as_uri()) == []
    _keep(tmp_path / "report-redacted.png")


def test_the_check_sees_a_request_and_a_policy_violation(browser, tmp_path):
    from audit.formats.html import CSP

    page = tmp_path / "leaky.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '</head><body><img src="http://127.0.0.1:9/tile.png"></body></html>',
        encoding="utf-8",
    )
    visit = browser.visit(page.as_uri())
    assert _outside(visit, page.as_uri()) == ["http://127.0.0.1:9/tile.png"]
    assert any("Content Security Policy" in entry.get("text", "") for entry in visit.logs)
