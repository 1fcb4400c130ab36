"""Authoring: the release pipeline that turns solution notebooks into learners' copies.

Imports: :mod:`coursekit.learner` (assessment releases), :mod:`coursekit.grading`
(version stamps) and the wings below them.
"""
