"""What a course author declares: the course, its data, calculations, exercises (and which
earlier answers one follows from), known mistakes, chart and table rules (which read the
answer snapshots whose shapes :mod:`coursekit.running.snapshots` declares) and written-answer
criteria, with how they read a learner's text (numbers and units: :mod:`~.numerals`,
:mod:`~.units`; word forms and denials: :mod:`~.wording`; whether it states anything:
:mod:`~.statements`); and the course's key-free view (:mod:`coursekit.model.public`), what a
learner's process may hold.

Lessons reach these through the facade (``import coursekit as ck``). Imports:
:mod:`coursekit.running` (the reader's shapes), :mod:`coursekit.base`.
"""
