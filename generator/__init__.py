"""Turn a curated papers.yaml into the Markdown pages of a MkDocs Material site."""

__version__ = "0.1.0"
