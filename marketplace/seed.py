"""`taalmarkt seed scale`: a synthetic national-scale data set for benchmarks (CONTRACT.md)."""

import click


@click.group("seed")
def seed_group() -> None:
    """Synthetic data for benchmarks."""
