"""LaborWatch api stage."""
