"""Licences: MIT for code, CC BY 4.0 for content, stated in the files, README and metadata."""

from __future__ import annotations

from importlib.metadata import metadata

from .conftest import ROOT


def test_licence_files_name_their_licences():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in content
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in content


def test_package_metadata_declares_both():
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '\nlicense = "MIT AND CC-BY-4.0"' in project
    assert '\nlicense-files = ["LICENSE", "LICENSE-CONTENT"]' in project
    installed = metadata("coursekit")
    assert installed["License-Expression"] == "MIT AND CC-BY-4.0"
    assert set(installed.get_all("License-File")) == {"LICENSE", "LICENSE-CONTENT"}


def test_readme_and_data_readme_state_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    licences = readme[readme.index("## Licences"):]
    assert "MIT" in licences and "CC BY 4.0" in licences and "LICENSE-CONTENT" in licences
    data = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = data[data.index("## Licence"):]
    assert "Gu Yetao" in section and "not redistributed" in section
