"""The HTML templates that feedback pages and the class report share, with autoescaping."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from coursekit.judging.status import Status

__all__ = ["TEMPLATES"]

#: The package's templates; ``.html.j2`` files escape what they show.
TEMPLATES = Environment(loader=PackageLoader("coursekit.exporters"),
                        autoescape=select_autoescape(["html.j2"]))
TEMPLATES.globals["Status"] = Status
