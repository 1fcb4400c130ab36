"""What a course author declares: the course, its data, calculations, exercises, known
mistakes, chart and table rules, written-answer criteria, and the chart snapshot shapes.

Lessons reach these through the facade (``import coursekit as ck``). Imports:
:mod:`coursekit.running` (the reader's shapes), :mod:`coursekit.base`.
"""
