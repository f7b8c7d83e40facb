"""Benchmarks at catalogue scale: `make bench` (or `python -m benchmarks`) runs them all.

Every benchmark is a function taking its sizes, so the tests can run it at tiny sizes; the
figures they print are for people, never asserted, since this machine is shared and noisy.
"""
