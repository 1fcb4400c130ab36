"""Running learners' code: the engines, their jobs, the fork server (and the warm one a Dask
worker keeps, ``cluster``), the kernel engine,
the sandbox, notebook files, the reader that turns answers into plain data and the checks
on what a submission's process reports (``reports``).

This wing knows no course and no exercise: whoever starts an engine passes what its
children preload and which folders they may read. Imports: :mod:`coursekit.base`.
"""
