"""The platforms classes use: Gradescope's autograder bundle, GitHub Classroom's
workflow and nbgitpuller's links. Each module speaks its platform's contract.

Imports: :mod:`coursekit.exporters`, :mod:`coursekit.grading` and the wings below
them; never the command line, which calls these.
"""
