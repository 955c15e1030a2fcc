"""LaborWatch evidence stage."""
