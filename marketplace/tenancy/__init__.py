"""Who is who: labour-market regions and municipalities, organisations, and their users and tokens.
Part of the ground floor: it stands on ``marketplace.core`` and imports no feature."""
