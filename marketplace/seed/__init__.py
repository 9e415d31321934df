"""Data to look at and to measure with: the demo (`taalmarkt demo`, made through the domain services) and the
national-scale seed (`taalmarkt seed scale`, bulk inserts whose rules come from the domain)."""
