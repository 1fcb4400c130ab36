"""The command line, ``coursekit``: one module per sub-command, each adding its own parser.

A command module defines ``add_parser(commands)``, which adds the command to the
sub-parsers and sets ``run`` to the function that carries it out. Command modules import
only the standard library and :mod:`coursekit.base` at the top, so ``coursekit --help``
stays fast; what a command needs is imported when it runs.

This is a face of the framework: it may import every other wing; nothing imports it.
"""

from coursekit.cli.app import COMMANDS, main, run

__all__ = ["COMMANDS", "main", "run"]

