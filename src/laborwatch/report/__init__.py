"""LaborWatch report stage."""
