"""A tiny second course, to prove that a course is a package of its own (see test_course.py).

It is a distribution of its own (``tests/example_course/pyproject.toml``), versioned apart
from coursekit, and uses the framework through its facade only.
"""

from coursekit import Course

COURSE = Course(
    id="tiny_course",
    title="A tiny example course",
    package="tiny_course",
    citation='"A Made-up Report", Example Weekly, by A. Writer',
    sections=("main",),
    units=("person", "percent"),
)
