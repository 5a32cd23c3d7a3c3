"""policy-qa: cited answers from Dutch policy PDFs (PDF → pages → clean text → passages → index → search)."""

__version__ = "0.1.0"
