"""The extractor's name and version. Bump the version whenever rules or word lists change what is extracted:
``laborwatch extract`` runs each version once over each stored document."""

EXTRACTOR_NAME = "rules"
EXTRACTOR_VERSION = "2.0.0"
EXTRACTOR = f"{EXTRACTOR_NAME}@{EXTRACTOR_VERSION}"
