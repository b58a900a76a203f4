"""Helpers to run the real studio in another process (tests and benchmarks)."""
