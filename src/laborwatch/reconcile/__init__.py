"""LaborWatch reconcile stage."""
