"""LaborWatch extract stage."""
