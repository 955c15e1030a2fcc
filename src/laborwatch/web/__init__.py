"""LaborWatch web stage."""
