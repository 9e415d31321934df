"""Supply side: provider profiles, quality marks, courses, runs and lessons."""
