"""Results as they arrive: a JSON-lines file, one submission a line, beside the final JSON.

``coursekit grade`` writes each grade here the moment it is done (see
:func:`coursekit.grading.pipeline.grade_stream`), locally and on a cluster, so a long batch
can be watched, and a batch that stops part-way keeps what it graded. Each line is
``{"index": N, "submission": {...}}``: the submission's position in the batch, and the
submission exactly as the JSON contract has it (an item of ``submissions``). Lines come in
the order submissions finish; :func:`read_stream` gives them back in the batch's order, so
``coursekit export`` and ``coursekit report`` read a stream as they read the JSON.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import TracebackType
from typing import IO

from coursekit.grading.results import ResultsError, SubmissionGrade, from_record, record

__all__ = ["SUFFIX", "ResultsStream", "beside", "read_stream"]

logger = logging.getLogger(__name__)

#: The suffix of a stream file.
SUFFIX = ".jsonl"


def beside(path: Path) -> Path:
    """The stream written beside a results JSON: ``results.json`` -> ``results.jsonl``."""
    return path.with_suffix(SUFFIX)


class ResultsStream:
    """A stream file being written: :meth:`add` each grade as it comes."""

    def __init__(self, path: Path) -> None:
        """Open (and empty) the file, making its folder if needed; a clear error if not."""
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[str] = path.open("w", encoding="utf-8")
        except OSError as error:
            raise ResultsError(f"{path}: cannot write the results here "
                               f"({error.strerror})") from None

    def add(self, index: int, grade: SubmissionGrade) -> None:
        """Write one submission's line, and flush it (a reader sees it at once)."""
        self._file.write(json.dumps({"index": index, "submission": record(grade)},
                                    ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> ResultsStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def read_stream(path: Path) -> list[SubmissionGrade]:
    """The grades of a stream file in the batch's order, or a clear error naming it.

    A last line cut short (the batch was stopped as it wrote) is left out with a warning;
    any other line that is not a submission's is an error.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ResultsError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: not a UTF-8 text file") from None
    grades: dict[int, SubmissionGrade] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            grades[int(entry["index"])] = from_record(entry["submission"])
        except json.JSONDecodeError:
            if number == len(lines):
                logger.warning("%s: line %d is cut short (the batch stopped as it was "
                               "written); it is left out", path, number)
                continue
            raise ResultsError(f"{path}: line {number} is not JSON") from None
        except (KeyError, TypeError, ValueError) as error:
            raise ResultsError(f"{path}: line {number} is not a submission of 'coursekit "
                               f"grade' (problem with {error})") from None
    return [grades[index] for index in sorted(grades)]
