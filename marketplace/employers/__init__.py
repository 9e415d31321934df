"""Employers' side: the staff roster, sites, and training needs."""
