"""Binder and JupyterHub: the course installed from binder/requirements.txt into a fresh venv
(not editable) runs its lessons; a real JupyterHub on 127.0.0.1 hands the lessons out with
an nbgitpuller link, runs a lesson's set-up cell in a kernel, and keeps a learner's edits
when the course changes.

The hub test needs ``configurable-http-proxy`` (npm; ``.ci/run`` installs it). Without it
the test is skipped on a workstation and fails in CI (``require_in_ci`` in conftest.py).

Contracts followed: Binder installs as repo2docker's Python buildpack does
(jupyterhub/repo2docker ``repo2docker/buildpacks/python/__init__.py``: ``binder/runtime.txt``
names the Python, ``pip install -r binder/requirements.txt``). An nbgitpuller link is
opened as nbgitpuller's own code opens it (jupyterhub/nbgitpuller ``nbgitpuller/handlers.py``:
``UIHandler`` renders the page and decides the clone folder and the path to open;
``nbgitpuller/static/js/gitsync.js``: the page syncs through ``git-pull/api`` with its
``repo``, ``targetpath`` and ``branch``, then goes to ``base_url + path``;
``docs/topic/url-options.rst`` for ``urlpath``, ``targetPath`` and ``?autodecode``), on a
real Jupyter server with nbgitpuller installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from coursekit.cli.app import main
from coursekit.platforms.nbgitpuller import nbgitpuller_link

from .conftest import ROOT, clean_env, require_in_ci

LESSON = "02_percentages"
#: What the learner adds to a lesson on the hub; it must survive the course's next update.
LEARNER_NOTE = "My own note: the shares add up to the total."


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", "-c", "user.name=Teacher", "-c", "user.email=t@example.org",
                           *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A clone of this repository, on a branch named main: the course as a teacher hosts it."""
    clone = tmp_path_factory.mktemp("host") / "reading-numbers"
    git("clone", "--quiet", str(ROOT), str(clone), cwd=ROOT)
    git("checkout", "--quiet", "-B", "main", cwd=clone)
    return clone


@pytest.fixture(scope="module")
def binder_env(course, tmp_path_factory) -> Path:
    """A fresh venv made as repo2docker does: pip install -r binder/requirements.txt."""
    venv = tmp_path_factory.mktemp("binder") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "-r",
                    "binder/requirements.txt"], cwd=course, env=clean_env(), check=True)
    return venv


@pytest.mark.slow
def test_binder_installs_the_course_as_a_package_and_the_lessons_run(binder_env, course):
    assert (course / "binder" / "runtime.txt").read_text().startswith("python-3.")
    where = subprocess.run([str(binder_env / "bin" / "python"), "-c",
                            "import coursekit, reading_numbers; print(coursekit.__file__)"],
                           cwd=course, env=clean_env(), capture_output=True, text=True,
                           check=True).stdout
    assert where.startswith(str(binder_env))  # the installed package, not the checkout
    graded = subprocess.run([str(binder_env / "bin" / "coursekit"), "grade", "lessons",
                             "--format", "json", "--jobs", "2"], cwd=course, env=clean_env(),
                            capture_output=True, text=True, check=True)
    submissions = json.loads(graded.stdout)["submissions"]
    assert len(submissions) == len(list((course / "lessons").glob("*.ipynb"))) > 0
    for submission in submissions:
        assert submission["status"] == "graded", submission["error"]
        assert {e["status"] for e in submission["exercises"]} == {"unanswered"}


def test_binders_python_is_one_the_project_declares():
    """repo2docker refuses a runtime.txt outside ``requires-python``
    (``repo2docker/buildpacks/python/__init__.py``, ``python_version``); the course asks for
    one of the versions it declares and tests (pyproject.toml's classifiers)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, _, version = (ROOT / "binder" / "runtime.txt").read_text().strip().partition("-")
    assert name == "python" and version in SpecifierSet(project["requires-python"])
    assert f"Programming Language :: Python :: {version}" in project["classifiers"]


@pytest.mark.pythons
def test_link_prints_one_nbgitpuller_link_per_lesson(capsys):
    assert main(["link", "--hub", "https://hub.example.edu/", "--repo",
                 "https://github.com/example/reading-numbers.git", "--branch", "spring",
                 "01_reading_numbers", LESSON]) == 0
    links = capsys.readouterr().out.splitlines()
    assert links == [
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F"
        "example%2Freading-numbers.git&branch=spring&targetpath=reading-numbers&urlpath=lab%2F"
        f"tree%2Freading-numbers%2Flessons%2F{id}.ipynb%3Fautodecode"
        for id in ("01_reading_numbers", LESSON)]
    assert main(["link", "--hub", "https://hub.example.edu", "--repo",
                 "https://github.com/example/reading-numbers", "--interface", "notebook"]) == 0
    assert capsys.readouterr().out.strip().endswith(
        "targetpath=reading-numbers&urlpath=tree%2Freading-numbers%2Flessons")
    assert main(["link", "--hub", "h", "--repo", "r", "99_nothing"]) == 2
    assert "99_nothing" in capsys.readouterr().err


def follow_nbgitpuller_page(session, page) -> str:
    """Do what nbgitpuller's page does in a browser; the URL it then opens.

    ``page`` is the reply to an nbgitpuller link (``UIHandler``). Its body carries the
    settings nbgitpuller decided (``templates/status.html``: ``data-repo``,
    ``data-targetpath``, ``data-path`` ...); its script (``static/js/gitsync.js``) syncs
    through ``git-pull/api`` with them, then goes to ``base_url + path``.
    """
    import re

    data = {key: unquote(value) for key, value in re.findall(r'data-([a-z-]+)="([^"]*)"',
                                                            page.text)}
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    base = origin + data["base-url"]
    params = {"repo": data["repo"], "targetpath": data["targetpath"]}
    if "branch" in data:
        params["branch"] = data["branch"]
    reply = session.get(f"{base}git-pull/api", params=params, stream=True, timeout=120)
    reply.raise_for_status()
    for line in reply.iter_lines(decode_unicode=True):
        if line and line.startswith("data:"):
            event = json.loads(line[5:])
            if event.get("phase") == "error":
                raise AssertionError(f"nbgitpuller failed: {event}")
            if event.get("phase") == "finished":
                return base + data["path"]
    raise AssertionError("nbgitpuller's stream ended without finishing")


def opened_file(url: str, base: str) -> str:
    """The file a JupyterLab or Notebook URL under ``base`` opens (``?autodecode`` dropped)."""
    path = urlsplit(url).path.removeprefix(urlsplit(base).path)
    for app in ("lab/tree/", "tree/"):
        if path.startswith(app):
            return unquote(path.removeprefix(app))
    raise AssertionError(f"{url} opens no file")


@pytest.fixture(scope="module")
def jupyter_server(tmp_path_factory):
    """A Jupyter server with nbgitpuller (a test dependency), on 127.0.0.1; torn down."""
    import requests

    where = tmp_path_factory.mktemp("server")
    port = free_port()
    env = {**clean_env(), "JUPYTER_CONFIG_DIR": str(where / "config"),
           "JUPYTER_RUNTIME_DIR": str(where / "runtime"), "JUPYTER_DATA_DIR": str(where / "data")}
    (where / "home").mkdir()
    with open(where / "server.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root",
             f"--port={port}", "--ip=127.0.0.1", "--ServerApp.token=secret",
             f"--ServerApp.root_dir={where / 'home'}"], cwd=where, env=env,
            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    session = requests.Session()
    session.headers["Authorization"] = "token secret"
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            if process.poll() is not None:
                raise AssertionError((where / "server.log").read_text()[-3000:])
            try:
                if session.get(f"{url}api/status", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield session, url, where / "home"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.mark.pythons
@pytest.mark.parametrize(("name", "suffix"), [("numbers", ".git"), ("figures", ""),
                                              ("shares", "/")])
def test_an_nbgitpuller_link_opens_the_lesson_it_names(jupyter_server, tmp_path, name, suffix):
    """Clone URLs end in .git (what GitHub's clone button gives) or not: nbgitpuller's
    handler, not coursekit, decides where the clone goes and what opens; the lesson is
    there."""
    session, url, home = jupyter_server
    work = tmp_path / "work"
    (work / "lessons").mkdir(parents=True)
    shutil.copy(ROOT / "lessons" / f"{LESSON}.ipynb", work / "lessons")
    git("init", "--quiet", "-b", "main", cwd=work)
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "The course", cwd=work)
    remote = tmp_path / (name + suffix.rstrip("/"))
    git("clone", "--quiet", "--bare", str(work), str(remote), cwd=tmp_path)
    repo = remote.as_uri() + suffix.removesuffix(".git")
    link = nbgitpuller_link("https://hub.example.edu", repo, "main",
                            f"lessons/{LESSON}.ipynb")
    page = session.get(f"{url}git-pull?{urlsplit(link).query}")
    page.raise_for_status()
    opens = opened_file(follow_nbgitpuller_page(session, page), url)
    contents = session.get(f"{url}api/contents/{opens}", params={"content": 0})
    assert contents.ok and contents.json()["type"] == "notebook", (link, opens)
    assert (home / opens).parent.parent == home / name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


HUB_CONFIG = """\
import os

c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.db_url = "sqlite:///{where}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{where}/cookie_secret"
c.JupyterHub.pid_file = "{where}/hub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{where}/homes/{{username}}"
c.Spawner.cmd = ["{venv}/bin/jupyterhub-singleuser"]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
if os.geteuid() == 0:  # containers often run tests as root; Jupyter refuses that unless told
    c.Spawner.args = ["--allow-root"]
c.JupyterHub.services = [{{"name": "tester", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["tester"]}}]
"""


class Hub:
    """A running JupyterHub, reached as the test service and as one learner."""

    def __init__(self, url: str, token: str) -> None:
        import requests

        self.url = url
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {token}"
        self.learner = requests.Session()

    def wait_until_up(self, process: subprocess.Popen, log: Path) -> None:
        import requests

        for _ in range(120):
            if process.poll() is not None:
                raise AssertionError(f"the hub stopped:\n{log.read_text()[-3000:]}")
            try:
                if self.api.get(f"{self.url}/hub/api/", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the hub did not start:\n{log.read_text()[-3000:]}")

    def start_learner(self, name: str) -> None:
        """Create the learner, start their server, sign in (a token, and the login form)."""
        self.api.post(f"{self.url}/hub/api/users/{name}").raise_for_status()
        self.api.post(f"{self.url}/hub/api/users/{name}/server").raise_for_status()
        for _ in range(240):
            user = self.api.get(f"{self.url}/hub/api/users/{name}").json()
            if user["servers"].get("", {}).get("ready"):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"{name}'s server did not start: {user}")
        token = self.api.post(f"{self.url}/hub/api/users/{name}/tokens",
                              json={"note": "learner in a test"}).json()["token"]
        self.learner.headers["Authorization"] = f"token {token}"
        self.learner.get(f"{self.url}/hub/login").raise_for_status()  # sets the _xsrf cookie
        self.learner.post(f"{self.url}/hub/login", data={
            "username": name, "password": "any (the dummy authenticator takes any)",
            "_xsrf": self.learner.cookies.get("_xsrf", path="/hub/")}).raise_for_status()

    def pull(self, link: str) -> str:
        """Open an nbgitpuller link as the learner, as a browser does; the URL it opens."""
        page = self.learner.get(link)
        page.raise_for_status()
        return follow_nbgitpuller_page(self.learner, page)

    def run_in_kernel(self, name: str, notebook: str, code: str) -> dict:
        """Start a kernel for a notebook through the hub, run code there, return the reply."""
        import websocket

        session = self.learner.post(f"{self.url}/user/{name}/api/sessions", json={
            "path": notebook, "type": "notebook", "name": "",
            "kernel": {"name": "python3"}})
        session.raise_for_status()
        kernel = session.json()["kernel"]["id"]
        ws = websocket.create_connection(
            f"{self.url.replace('http', 'ws', 1)}/user/{name}/api/kernels/{kernel}/channels",
            header=[f"Authorization: {self.learner.headers['Authorization']}"], timeout=180)
        try:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": uuid.uuid4().hex,
                           "msg_type": "execute_request", "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False,
                            "stop_on_error": True}}))
            while True:
                message = json.loads(ws.recv())
                if (message["msg_type"] == "execute_reply"
                        and message["parent_header"].get("msg_id") == msg_id):
                    return message["content"]
        finally:
            ws.close()


@pytest.fixture
def hub(binder_env, tmp_path):
    """A JupyterHub on 127.0.0.1 with the course's environment for its learners; torn down."""
    if shutil.which("configurable-http-proxy") is None:
        require_in_ci("configurable-http-proxy is not installed (npm install -g "
                      "configurable-http-proxy)")
    subprocess.run([str(binder_env / "bin" / "pip"), "install", "--quiet", "jupyterhub"],
                   env=clean_env(), check=True)
    token = uuid.uuid4().hex
    port = free_port()
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(HUB_CONFIG.format(port=port, hub_port=free_port(),
                                        proxy_port=free_port(), where=tmp_path,
                                        venv=binder_env, token=token), encoding="utf-8")
    env = clean_env()
    env["PATH"] = f"{binder_env / 'bin'}{os.pathsep}{env['PATH']}"
    log = tmp_path / "hub.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(binder_env / "bin" / "jupyterhub"), "-f", str(config)],
                                   cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        running = Hub(f"http://127.0.0.1:{port}", token)
        running.wait_until_up(process, log)
        yield running, tmp_path / "homes"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.mark.hub
@pytest.mark.slow
def test_a_learner_gets_the_lessons_through_an_nbgitpuller_link(hub, course):
    running, homes = hub
    running.start_learner("learner")
    repo = course.as_uri()
    link = nbgitpuller_link(running.url, repo, "main", f"lessons/{LESSON}.ipynb")
    opened = running.learner.get(link)
    assert opened.ok and opened.url.startswith(f"{running.url}/user/learner/git-pull")
    server = f"{running.url}/user/learner/"
    notebook_path = opened_file(running.pull(link), server)
    assert notebook_path == f"{course.name}/lessons/{LESSON}.ipynb"
    home = homes / "learner" / course.name
    assert sorted(p.name for p in (home / "lessons").glob("*.ipynb")) == sorted(
        p.name for p in (course / "lessons").glob("*.ipynb"))

    contents = running.learner.get(f"{running.url}/user/learner/api/contents/{notebook_path}")
    notebook = contents.json()["content"]
    setup = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    reply = running.run_in_kernel("learner", notebook_path, "".join(setup["source"]))
    assert reply["status"] == "ok", reply

    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "id": "learner-note",
                              "source": LEARNER_NOTE})
    running.learner.put(f"{running.url}/user/learner/api/contents/{notebook_path}",
                        json={"type": "notebook", "format": "json",
                              "content": notebook}).raise_for_status()
    (course / "lessons" / "READ_ME_FIRST.md").write_text("A note from the teacher.\n")
    git("add", "lessons/READ_ME_FIRST.md", cwd=course)
    git("commit", "--quiet", "-m", "A note for the class", cwd=course)
    running.pull(link)
    assert (home / "lessons" / "READ_ME_FIRST.md").read_text() == "A note from the teacher.\n"
    assert LEARNER_NOTE in (home / "lessons" / f"{LESSON}.ipynb").read_text(encoding="utf-8")
