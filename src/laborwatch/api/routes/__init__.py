"""The REST API's routers, one module per area; each is a thin face over a library stage."""
