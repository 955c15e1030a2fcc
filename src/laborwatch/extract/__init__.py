"""Claim extraction: from a document's text to proposed claims, each tied to its exact characters.

``extract_text(text, published)`` runs the rules on a string; ``laborwatch.extract.pipeline.extract_pending``
runs them over every stored document the current version has not seen and stores the claims for review; after
an upgrade it proposes only new or changed claims and withdraws undecided proposals it no longer finds.
"""

from laborwatch.extract.model import ExtractedClaim
from laborwatch.extract.rules import extract_text
from laborwatch.extract.version import EXTRACTOR, EXTRACTOR_NAME, EXTRACTOR_VERSION

__all__ = ["EXTRACTOR", "EXTRACTOR_NAME", "EXTRACTOR_VERSION", "ExtractedClaim", "extract_text"]
