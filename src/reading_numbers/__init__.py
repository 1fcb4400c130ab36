"""Reading the Numbers: a data-literacy course on the figures of one news feature.

The course's content only: its lesson declarations (``reading_numbers.lessons``), its
figures and timeline (``data/``, shipped inside the package when installed) and their
vocabularies. The framework that runs it is ``coursekit``; this package registers
itself there through the ``coursekit.courses`` entry point.
"""

from coursekit import Course

from .vocabulary import SECTIONS, UNITS

__all__ = ["COURSE"]

#: The course as coursekit sees it.
COURSE = Course(
    id="reading_numbers",
    title="Reading the Numbers",
    package="reading_numbers",
    citation='"Empowering Xinjiang", China Today, by Gu Yetao',
    sections=SECTIONS,
    units=UNITS,
    # The course's own version, stamped into the notebooks it releases: raise it when an
    # exercise changes. It ships in coursekit's distribution, whose version is the framework's.
    version="0.1.0",
    # The modules with no answer in them: a grading process and a key-free install keep
    # them as they are (the lessons and derived.py compute answers, and stay with the teacher).
    public=("reading_numbers.vocabulary",),
)
