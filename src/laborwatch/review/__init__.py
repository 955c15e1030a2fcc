"""LaborWatch review stage."""
