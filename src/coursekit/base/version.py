"""The framework's version, read once from its installed distribution's metadata."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("coursekit")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
