"""LaborWatch screen stage."""
