"""Stage 1: read a corpus folder into `Document`s.

A corpus is a folder of ``.txt`` and ``.md`` files; the file stem is the document id.
Metadata (``title``, ``source``, ``published``, ``url``) comes, in order of precedence,
from YAML front matter, from ``manifest.yaml`` in the folder, or, for ``published`` only,
from a dateline at the top of the text.  Files that cannot be read become `CorpusProblem`s
so that one bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import dateparser
import yaml

from checker.errors import CheckerError

SUFFIXES = (".txt", ".md")
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")
METADATA_FIELDS = ("title", "source", "published", "url")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# "WASHINGTON, Dec. 21, 2024 — text" or a line holding only a date.
_DATELINE_SPLIT = re.compile(r"\s+(?:—|–|--|-)\s+")
_MAX_DATELINE_CHARS = 60


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: Path
    text: str  # body text, front matter removed
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # "front matter", "manifest" or "dateline"
    url: str | None = None


@dataclass(frozen=True)
class CorpusProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Corpus:
    root: Path
    documents: list[Document] = field(default_factory=list)
    problems: list[CorpusProblem] = field(default_factory=list)

    def by_id(self) -> dict[str, Document]:
        return {d.doc_id: d for d in self.documents}


def parse_date(value: object) -> dt.date | None:
    """A date from YAML (date/datetime) or free text ("December 21, 2024", "2024-12-21")."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    parsed = dateparser.parse(
        value.strip(),
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def find_dateline(text: str) -> dt.date | None:
    """The publication date stated on the first non-empty line, if that line is a dateline."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head = _DATELINE_SPLIT.split(line, maxsplit=1)[0]
        if len(head) > _MAX_DATELINE_CHARS:
            return None
        # "CITY, Month D, YYYY": try the whole head, then drop a leading place name.
        candidates = [head]
        if "," in head:
            candidates.append(head.split(",", 1)[1])
        for candidate in candidates:
            if re.search(r"\d{4}", candidate):
                found = parse_date(candidate)
                if found:
                    return found
        return None
    return None


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise CheckerError("binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CheckerError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise CheckerError("empty file")
    return text


def _split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise CheckerError(f"unreadable front matter{where}") from None
    if not isinstance(meta, dict):
        raise CheckerError("unreadable front matter (expected 'key: value' lines)")
    body = text[match.end():]
    if not body.strip():
        raise CheckerError("empty file (front matter only)")
    return meta, body


def _load_manifest(root: Path, problems: list[CorpusProblem]) -> dict[str, dict]:
    for name in MANIFEST_NAMES:
        path = root / name
        if not path.exists():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            problems.append(CorpusProblem(path, "unreadable manifest, ignored"))
            return {}
        entries = data.get("documents", data) if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            problems.append(CorpusProblem(path, "manifest must map file names to metadata, ignored"))
            return {}
        return {str(k): v for k, v in entries.items() if isinstance(v, dict)}
    return {}


def _make_document(path: Path, manifest: dict[str, dict]) -> Document:
    front, body = _split_front_matter(_read_text(path))
    listed = manifest.get(path.name) or manifest.get(path.stem) or {}
    meta: dict[str, object] = {}
    origin: dict[str, str] = {}
    for key in METADATA_FIELDS:
        for source_name, values in (("front matter", front), ("manifest", listed)):
            if values.get(key) not in (None, ""):
                meta[key] = values[key]
                origin[key] = source_name
                break
    published = None
    published_from = None
    if "published" in meta:
        published = parse_date(meta["published"])
        if published is None:
            raise CheckerError(f"unreadable 'published' date {meta['published']!r} in {origin['published']}")
        published_from = origin["published"]
    else:
        published = find_dateline(body)
        published_from = "dateline" if published else None
    return Document(
        doc_id=path.stem,
        path=path,
        text=body,
        title=str(meta["title"]) if "title" in meta else None,
        source=str(meta["source"]) if "source" in meta else None,
        published=published,
        published_from=published_from,
        url=str(meta["url"]) if "url" in meta else None,
    )


def load_corpus(root: str | Path) -> Corpus:
    """Read every ``.txt``/``.md`` file under ``root``; raise only when nothing is readable."""
    root = Path(root)
    if not root.exists():
        raise CheckerError(f"{root}: corpus folder does not exist")
    if not root.is_dir():
        raise CheckerError(f"{root}: not a folder")
    corpus = Corpus(root=root)
    manifest = _load_manifest(root, corpus.problems)
    paths = sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    if not paths:
        raise CheckerError(f"{root}: no .txt or .md files in the corpus folder")
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            doc = _make_document(path, manifest)
        except CheckerError as exc:
            corpus.problems.append(CorpusProblem(path, str(exc)))
            continue
        except OSError as exc:
            corpus.problems.append(CorpusProblem(path, f"cannot read file ({exc.strerror})"))
            continue
        if doc.doc_id in seen:
            corpus.problems.append(CorpusProblem(path, f"duplicate document id {doc.doc_id!r} (also {seen[doc.doc_id]}), skipped"))
            continue
        seen[doc.doc_id] = path
        corpus.documents.append(doc)
    return corpus
