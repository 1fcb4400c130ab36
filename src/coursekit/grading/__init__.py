"""Grading a class: the options of a run and a class's config file, the pipeline that runs a
batch, results and their JSON contract, key-use and hard-coding flags, variants, versions,
teachers' reviews, regrades, deadlines, identities and the teachers' CSV files.

Imports: :mod:`coursekit.judging` and the wings below it.
"""
