"""Judging one answer: statuses, one judge per exercise kind, checking with feedback,
credit carried forward from earlier answers, explaining cell errors, and the messages a
learner reads.

Imports: :mod:`coursekit.model` and the wings below it.
"""
