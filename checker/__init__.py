"""checker: find where the documents of a corpus contradict each other."""

from checker.corpus import Corpus, CorpusProblem, Document, load_corpus
from checker.errors import CheckerError
from checker.findings import Finding
from checker.pipeline import CheckResult, check, check_corpus

__all__ = ["CheckResult", "CheckerError", "Corpus", "CorpusProblem", "Document", "Finding", "check",
           "check_corpus", "load_corpus"]
__version__ = "0.1.0"
