"""LaborWatch: sourced evidence, section 302 reports and sanctions screening on DPRK overseas labor."""

__version__ = "0.1.0"
