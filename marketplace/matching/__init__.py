"""Matching: rank open course runs for a training need, with reasons (docs/matching.md)."""
