"""Benchmarks: scripts that print their figures (see each file's docstring)."""
