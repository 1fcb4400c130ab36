"""The learner's loop inside a notebook: ``ck.questions``, checks with instant feedback,
progress tables, self-grading, saved written answers and assessment releases.

Imports: :mod:`coursekit.grading` (the results contract a self-grade reads) and the
wings below it; never an exporter, a platform or the command line.
"""
