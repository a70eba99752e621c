"""Benchmark scripts (print tables, write JSON); importable so the tests can check the tooling itself."""
