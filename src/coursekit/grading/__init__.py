"""Grading a class: the options of a run and a class's config file, the pipeline that runs a
batch (here or on a Dask cluster: ``distributed``), results, their JSON contract and their
stream of JSON lines, key-use and hard-coding flags, variants and the
numbers a notebook types, copies within a class, versions, teachers' reviews, regrades,
deadlines and the submission times platforms record, identities and the teachers' CSV files,
and the item analysis of a lesson's exercises.

Imports: :mod:`coursekit.judging` and the wings below it.
"""
