"""Milimo Video backend."""

__version__ = "0.1.0"
