"""Results as they arrive: a JSON-lines file, one submission a line, beside the final JSON.

``coursekit grade`` writes each grade here the moment it is done (see
:func:`coursekit.grading.pipeline.grade_stream`), locally and on a cluster, so a long batch
can be watched, and a batch that stops part-way keeps what it graded. Each line is
``{"index": N, "submission": {...}}``: the submission's position in the batch, and the
submission exactly as the JSON contract has it (an item of ``submissions``). Lines come in
the order submissions finish; :func:`read_stream` gives them back in the batch's order, so
``coursekit export`` and ``coursekit report`` read a stream as they read the JSON.

The grades are not kept in memory: :class:`StoredGrades` is a sequence that reads each
submission back from the file when asked (it holds one offset per submission), so the
exports of a batch of any size are written with the memory of one submission.
"""

from __future__ import annotations

import json
import logging
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, overload

from coursekit.grading.results import ResultsError, SubmissionGrade, from_record, record

__all__ = ["SUFFIX", "ResultsStream", "StoredGrades", "beside", "read_stream"]

logger = logging.getLogger(__name__)

#: The suffix of a stream file.
SUFFIX = ".jsonl"


def beside(path: Path) -> Path:
    """The stream written beside a results JSON: ``results.json`` -> ``results.jsonl``."""
    return path.with_suffix(SUFFIX)


class ResultsStream:
    """A stream file being written: :meth:`add` each grade as it comes; :meth:`grades` gives
    them back, in the batch's order, from the file."""

    def __init__(self, path: Path) -> None:
        """Open (and empty) the file, making its folder if needed; a clear error if not."""
        self.path = path
        self._offsets = array("q")  # by index: where its line starts (-1: none yet)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[bytes] = path.open("wb")
        except OSError as error:
            raise ResultsError(f"{path}: cannot write the results here "
                               f"({error.strerror})") from None

    def add(self, index: int, grade: SubmissionGrade) -> None:
        """Write one submission's line, and flush it (a reader sees it at once)."""
        if index >= len(self._offsets):
            self._offsets.extend([-1] * (index + 1 - len(self._offsets)))
        self._offsets[index] = self._file.tell()
        self._file.write(json.dumps({"index": index, "submission": record(grade)},
                                    ensure_ascii=False).encode() + b"\n")
        self._file.flush()

    def grades(self) -> StoredGrades:
        """The grades added so far, in the batch's order, read from the file as they are
        used (the file must stay until then); an error names an index never added."""
        missing = [index for index, offset in enumerate(self._offsets) if offset < 0]
        if missing:
            raise ResultsError(f"{self.path}: no result for the submission(s) at "
                               f"{', '.join(map(str, missing[:10]))}")
        return StoredGrades(self.path, self._offsets)

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> ResultsStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class StoredGrades(Sequence[SubmissionGrade]):
    """Grades kept in a stream file and read back one at a time: a sequence whose memory
    does not grow with the number of submissions (one offset each)."""

    def __init__(self, path: Path, offsets: array[int]) -> None:
        self.path, self._offsets = path, offsets

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> SubmissionGrade: ...

    @overload
    def __getitem__(self, index: slice) -> list[SubmissionGrade]: ...

    def __getitem__(self, index: int | slice) -> SubmissionGrade | list[SubmissionGrade]:
        if isinstance(index, slice):
            return list(self._read(self._offsets[index]))
        return next(self._read([self._offsets[index]]))

    def __iter__(self) -> Iterator[SubmissionGrade]:
        return self._read(self._offsets)

    def _read(self, offsets: Sequence[int]) -> Iterator[SubmissionGrade]:
        """The grades whose lines start at ``offsets``, in that order."""
        with self.path.open("rb") as file:
            for offset in offsets:
                file.seek(offset)
                yield from_record(json.loads(file.readline())["submission"])


def read_stream(path: Path) -> StoredGrades:
    """The grades of a stream file in the batch's order, or a clear error naming it.

    Every line is checked here, and read again only when its grade is used. A last line cut
    short (the batch was stopped as it wrote) is left out with a warning; any other line
    that is not a submission's is an error.
    """
    found: dict[int, int] = {}  # index -> where its (last) line starts
    cut = 0  # a line that is not JSON: an error unless it is the last
    try:
        with path.open("rb") as file:
            start = 0
            for number, line in enumerate(file, start=1):
                offset, start = start, start + len(line)
                if not line.strip():
                    continue
                if cut:
                    raise ResultsError(f"{path}: line {cut} is not JSON")
                try:
                    entry = json.loads(line)
                    from_record(entry["submission"])
                    found[int(entry["index"])] = offset
                except UnicodeDecodeError:
                    raise ResultsError(f"{path}: not a UTF-8 text file") from None
                except json.JSONDecodeError:
                    cut = number
                except (KeyError, TypeError, ValueError) as error:
                    raise ResultsError(f"{path}: line {number} is not a submission of "
                                       f"'coursekit grade' (problem with {error})") from None
    except OSError as error:
        raise ResultsError(f"{path}: {error.strerror}") from None
    if cut:
        logger.warning("%s: line %d is cut short (the batch stopped as it was written); it "
                       "is left out", path, cut)
    return StoredGrades(path, array("q", [found[index] for index in sorted(found)]))
