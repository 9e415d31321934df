"""`taalmarkt demo`: a small world to look at, made through the domain services (``world.load_demo``)."""

from .world import DEMO_PASSWORD, load_demo

__all__ = ["DEMO_PASSWORD", "load_demo"]
