"""The learner's path in a real JupyterLab, driven in headless Chromium by Playwright.

Each test asserts what a person sees: the rendered text of outputs, dialogs and pages.
JupyterLab runs on 127.0.0.1 with a free port, a token and fresh settings folders, on a
temporary copy of the lessons; Chromium is Debian's (``/usr/bin/chromium``). A screenshot
of every step is saved under ``build/browser/`` (git-ignored). In CI a missing browser fails
these tests instead of skipping them (``require_in_ci`` in conftest.py).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coursekit.model.exercises import get_lesson

from .conftest import LESSONS, ROOT, require_in_ci

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "browser"
LESSON = get_lesson("02_percentages")
RUN_WAIT = 60_000  # ms: a cell that imports pandas and seaborn in a busy CI machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium under Playwright."""
    if not CHROMIUM.exists():
        require_in_ci(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_in_ci("the playwright package is missing (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab on a copy of lessons/, with fresh settings and the course's own settings."""
    home = tmp_path_factory.mktemp("lab")
    lessons = home / "lessons"
    shutil.copytree(LESSONS, lessons)
    overrides = home / "app-settings" / "overrides.d"
    overrides.mkdir(parents=True)
    shutil.copy(ROOT / "jupyter" / "coursekit-lab-settings.json", overrides)
    user = home / "user-settings" / "@jupyterlab" / "notebook-extension"
    user.mkdir(parents=True)  # every cell in the page, so that a test can find it by its text
    (user / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_PLATFORM_DIRS": "1"}
    env.pop("JPY_SESSION_NAME", None)
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={lessons}", f"--LabApp.app_settings_dir={overrides.parent}",
         f"--LabApp.user_settings_dir={home / 'user-settings'}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=lessons)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("JupyterLab did not start: "
                                   + (home / "lab.log").read_text()[-3000:]) from None
            time.sleep(0.5)
    yield {"base": base, "token": token, "lessons": lessons}
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _shut_down_kernels(lab) -> None:
    """Stop every kernel the tests started, so that the next lesson starts on a quiet machine."""
    url = f"{lab['base']}/api/sessions?token={lab['token']}"
    for session in json.load(urllib.request.urlopen(url, timeout=10)):
        request = urllib.request.Request(
            f"{lab['base']}/api/sessions/{session['id']}?token={lab['token']}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


def _open(page, lab, name: str) -> None:
    """Open a lesson and wait until its kernel is ready."""
    page.set_default_timeout(RUN_WAIT)
    # a workspace of its own, so that no notebook of an earlier test is restored beside it
    page.goto(f"{lab['base']}/lab/workspaces/{Path(name).stem}/tree/{name}?token={lab['token']}")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    page.wait_for_function(_READY_OR_ASKING)
    assert page.locator(".jp-Dialog").count() == 0, "a dialog asked for a kernel"
    assert "Python 3 (ipykernel) | Idle" in page.locator("#jp-main-statusbar").inner_text()


#: True once the notebook's kernel is idle, or a dialog (such as "Select Kernel") is up.
_READY_OR_ASKING = ("() => document.querySelector('.jp-Dialog') !== null || (document"
                    ".querySelector('#jp-main-statusbar')?.innerText || '').includes('| Idle')")


def _cell(page, text: str):
    """The code cell whose source contains ``text``."""
    return page.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=text)).first


def _run(page, cell, source: str | None = None) -> None:
    """Optionally replace a cell's source as a person would, then run it in place."""
    editor = cell.locator(".cm-content")
    editor.click()
    if source is not None:
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(source)
    page.keyboard.press("Control+Enter")
    cell.locator(".jp-InputPrompt").filter(has_text="[").filter(
        has_not_text="*").wait_for(timeout=RUN_WAIT)
    page.wait_for_function(
        "cell => !cell.querySelector('.jp-InputPrompt').textContent.includes('*')",
        arg=cell.element_handle(), timeout=RUN_WAIT)


def _add_cell_below(page, cell, source: str):
    """Insert a new code cell under ``cell`` (key B in command mode), type and run it."""
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    new = page.locator(".jp-Notebook .jp-Cell.jp-mod-selected")
    _run(page, new, source)
    return new


def _output(cell) -> str:
    return cell.locator(".jp-OutputArea").inner_text()


def test_a_learner_checks_answers_asks_for_hints_and_grades(chromium, lab):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        _open(page, lab, "02_percentages.ipynb")
        page.wait_for_timeout(2000)  # a pop-up would be up by now
        assert page.get_by_text("Jupyter news").count() == 0, "a news pop-up appeared"
        _shot(page, "01-opened")

        q1 = LESSON.exercise("q1")
        _run(page, _cell(page, 'ck.questions("02_percentages")'))
        answer, check = _cell(page, f"{q1.answer} = "), _cell(page, f"ex.q1.check({q1.answer})")
        _run(page, answer, f"{q1.answer} = {q1.expected() / 100:.3f}")
        _run(page, check)
        feedback = _output(check)
        assert "Not yet" in feedback and "fraction" in feedback, feedback
        _shot(page, "02-fraction-feedback")
        _run(page, answer, f"{q1.answer} = {q1.expected():.2f}")
        _run(page, check)
        assert "Correct" in _output(check)
        _shot(page, "03-correct")

        hint = _add_cell_below(page, check, "ex.q1.hint()")
        assert f"hint 1 of {len(q1.hints)}" in _output(hint)
        _run(page, hint)
        assert f"hint 2 of {len(q1.hints)}" in _output(hint)
        solution = _add_cell_below(page, hint, "ex.q1.solution()")
        assert "worked solution" in _output(solution)
        _shot(page, "04-hints-and-solution")

        progress = _cell(page, "ex.progress()")
        _run(page, progress)
        rows = progress.locator("table.coursekit-progress tbody tr")
        assert rows.count() == len(LESSON.exercises)
        statuses = [rows.nth(i).locator("td").nth(2).inner_text().split()[-1]
                    for i in range(rows.count())]
        assert statuses == ["correct"] + ["unanswered"] * (len(LESSON.exercises) - 1)
        assert f"total: {q1.points:g} of {LESSON.max_score:g} points" in _output(progress)
        _shot(page, "05-progress")

        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')")
        graded = _cell(page, "ex.grade()")
        _run(page, graded)
        teacher = json.loads(subprocess.run(
            [sys.executable, "-m", "coursekit", "grade", "--format", "json",
             str(lab["lessons"] / "02_percentages.ipynb")], capture_output=True, check=True,
            text=True).stdout)["submissions"][0]
        shown = _output(graded)
        assert f"Score: {teacher['score']:g} of {teacher['max_score']:g} points" in shown, shown
        assert "as last saved" in shown and "Note" not in shown
        _shot(page, "06-grade")
    finally:
        page.close()
        _shut_down_kernels(lab)


def test_a_notebook_without_a_kernel_starts_one_without_asking(chromium, lab):
    """The course's settings start the preferred kernel instead of showing a kernel dialog."""
    notebook = json.loads((lab["lessons"] / "01_reading_numbers.ipynb").read_text())
    notebook["metadata"] = {}  # neither a kernel nor a language to choose one by
    (lab["lessons"] / "no_kernel.ipynb").write_text(json.dumps(notebook))
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        _open(page, lab, "no_kernel.ipynb")  # fails if a dialog asks for a kernel
        _shot(page, "no-kernel-dialog")
    finally:
        page.close()
        _shut_down_kernels(lab)
        (lab["lessons"] / "no_kernel.ipynb").unlink()


@pytest.mark.parametrize("name", sorted(p.name for p in LESSONS.glob("*.ipynb")))
def test_every_lesson_opens_and_sets_up(chromium, lab, name):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        _open(page, lab, name)
        setup = _cell(page, "ck.questions(")
        _run(page, setup)
        assert setup.locator(".jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
        assert "Traceback" not in _output(setup) and "Error" not in _output(setup)
        _shot(page, f"lesson-{Path(name).stem}")
    finally:
        page.close()
        _shut_down_kernels(lab)


@pytest.fixture(scope="module")
def teacher_pages(tmp_path_factory):
    """Feedback pages and a class report for two graded copies of a lesson and an unreadable
    file."""
    folder = tmp_path_factory.mktemp("teacher")
    submissions = folder / "submissions"
    submissions.mkdir()
    shutil.copy(ROOT / "solutions" / "02_percentages.ipynb", submissions / "alice.ipynb")
    shutil.copy(LESSONS / "02_percentages.ipynb", submissions / "bob.ipynb")
    (submissions / "carol.ipynb").write_text('{"cells": [tru', encoding="utf-8")  # unreadable
    coursekit = [sys.executable, "-m", "coursekit"]
    subprocess.run([*coursekit, "grade", str(submissions), "--format", "json", "--output",
                    str(folder / "results.json"), "--feedback", str(folder / "feedback")],
                   check=True, capture_output=True)
    subprocess.run([*coursekit, "report", str(folder / "results.json"), "--html",
                    str(folder / "report.html")], check=True, capture_output=True)
    return [folder / "report.html", *sorted((folder / "feedback").glob("*.html"))]


def test_teacher_pages_load_cleanly_and_pass_axe(chromium, teacher_pages):
    from axe_playwright_python.sync_playwright import Axe

    assert len(teacher_pages) == 4
    for path in teacher_pages:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text)
                if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            assert errors == [], f"{path.name}: {errors}"
            broken = page.evaluate("Array.from(document.images).filter("
                                   "i => !i.complete || i.naturalWidth === 0).length")
            assert broken == 0, f"{path.name}: {broken} images did not load"
            violations = [f"{v['id']} ({v['impact']}): {v['help']}"
                          for v in Axe().run(page).response["violations"]
                          if v["impact"] in ("serious", "critical")]
            assert violations == [], f"{path.name}: {violations}"
            _shot(page, f"teacher-{path.stem}")
        finally:
            page.close()


@pytest.fixture(scope="module")
def item_report(tmp_path_factory):
    """The class report of a synthetic class in two sections, with its item analysis."""
    from coursekit.exporters import Batch, get_exporter
    from coursekit.model.exercises import lessons

    from .item_class import item_class

    grades, roster = item_class()
    path = tmp_path_factory.mktemp("items") / "report.html"
    get_exporter("report").write(Batch(grades, roster, frozenset(lessons())), path)
    return path


def test_the_report_s_item_analysis_and_sections_pass_axe(chromium, item_report):
    """The item analysis, its chart and the sections: no serious or critical violation; the
    screenshot of the item analysis is the one in docs/ (report-item-analysis.png)."""
    from axe_playwright_python.sync_playwright import Axe

    page = chromium.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(item_report.as_uri())
        assert page.get_by_role("heading", name="By section").is_visible()
        analysis = page.locator("section[id^=items-]").first
        assert analysis.get_by_role("img").get_attribute("alt").endswith(
            "flagged: q2, q3, q4. The table above has the same figures.")
        violations = [f"{v['id']} ({v['impact']}): {v['help']}"
                      for v in Axe().run(page).response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert violations == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        analysis.screenshot(path=str(SHOTS / "report-item-analysis.png"))
    finally:
        page.close()
