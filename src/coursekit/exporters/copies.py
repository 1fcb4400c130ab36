"""The pairs that look copied, as a CSV file for the teacher (``--export copies:FILE``).

One row per pair (see :mod:`coursekit.grading.copies`): the lesson, both learners and their
notebooks, how alike their own code is, what they share and the evidence in words. No
grade is changed by it. Like the gradebook, the file starts with a UTF-8 byte-order mark
for spreadsheet programs, and its cells are written so that no learner's name or path can
run as a formula (see :mod:`coursekit.grading.csvfiles`).
"""

from __future__ import annotations

from pathlib import Path

from coursekit.exporters import Batch, Exporter, ExportError
from coursekit.grading.csvfiles import Cell, write_rows

__all__ = ["COPIES", "write_copies"]


def write_copies(batch: Batch, path: Path | None) -> None:
    """Write one row per pair; an error when the batch's copy check did not run."""
    assert path is not None  # a file exporter always gets one
    if batch.copies is None:
        raise ExportError("copies: these results have no copy check (grade again with "
                          "'coursekit grade', which runs it)")
    learners = {grade.path: batch.learner(grade) for grade in batch.grades}
    rows: list[list[Cell]] = [["lesson", "learner", "other_learner", "code_alike",
                               "shared_code", "shared_cells", "shared_wrong_answers",
                               "evidence", "path", "other_path"]]
    rows += [[copy["lesson"], learners.get(copy["first"], copy["first"]),
              learners.get(copy["second"], copy["second"]), copy["code_alike"],
              copy["shared_code"], copy["shared_cells"], "; ".join(copy["wrong_answers"]),
              copy["evidence"], copy["first"], copy["second"]] for copy in batch.copies]
    write_rows(path, rows, bom=True)


COPIES = Exporter("copies", "the pairs of submissions that look copied, with the evidence "
                  "(CSV; no grade is changed)", write_copies)
