"""``python -m coursekit``: the ``coursekit`` command through any interpreter, without PATH."""

from coursekit.cli import run

if __name__ == "__main__":
    run()
