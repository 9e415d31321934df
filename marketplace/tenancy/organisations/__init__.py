"""Organisations: every party on the marketplace is one, of one kind."""
