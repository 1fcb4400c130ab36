"""Argument types that several commands share."""

from __future__ import annotations

import argparse

__all__ = ["count", "memory_size", "positive_seconds", "workers"]


def positive_seconds(text: str) -> float:
    """A positive number of seconds, for time limits."""
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds (got {text})")
    return value


def workers(text: str) -> int:
    """A count of at least 1, for parallel jobs."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {text})")
    return value


def count(text: str) -> int:
    """A whole number, zero or more."""
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (got {text})")
    return value


def memory_size(text: str) -> int:
    """Bytes from a size such as 2G or 512M, for the sandbox's memory limit."""
    from coursekit.running.sandbox import parse_size

    try:
        return parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
