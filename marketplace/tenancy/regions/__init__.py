"""Labour-market regions and municipalities (CBS), dated."""
