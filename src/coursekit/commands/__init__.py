"""One module per ``coursekit`` command, each adding its own sub-parser.

A command module defines ``add_parser(commands)``, which adds the command to the
sub-parsers and sets ``run`` to the function that carries it out. Command modules
import only the standard library at the top, so ``coursekit --help`` stays fast; what
a command needs is imported when it runs.
"""

__all__ = ["COMMANDS"]

#: The command modules, in the order ``coursekit --help`` lists them.
COMMANDS = ("release", "execute", "grade", "export", "report", "review", "diff", "gradescope",
            "classroom", "link")
