"""Data to look at and to measure with: the demo (`taalmarkt demo`) and the national-scale seed
(`taalmarkt seed scale`). Both are made through the domain services."""
