"""Benchmarks: plain scripts run from the repository root (`python -m bench.sweep_cost`, ...).

They are not tests and pytest never collects them. See bench/README.md.
"""
