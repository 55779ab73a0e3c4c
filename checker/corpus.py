"""Stage 1: read a corpus folder into `Document`s.

A corpus is a folder of ``.txt`` and ``.md`` files, sub-folders included; the path relative to
the folder, without its suffix, is the document id.
Metadata (``title``, ``source``, ``published``, ``url``) comes, in order of precedence,
from YAML front matter, from ``manifest.yaml`` in the folder, or, for ``published`` only,
from a dateline at the top of the text.  Files that cannot be read become `CorpusProblem`s
so that one bad file never stops the others.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path

import dateparser
import yaml

from checker.errors import CheckerError, first_line

SUFFIXES = (".txt", ".md")
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")
METADATA_FIELDS = ("title", "source", "published", "url")
MAX_FIELD_CHARS = 500
# A file larger than this is skipped with a warning: far above any article or transcript, low
# enough that a stray multi-gigabyte file cannot exhaust memory.
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024

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
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # YAML's own constructors fail on values such as an impossible date (2099-13-45).
        raise CheckerError(f"unreadable front matter ({first_line(exc, 200)})") from None
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


def _make_document(path: Path, manifest: dict[str, dict], doc_id: str) -> Document:
    front, body = _split_front_matter(_read_text(path))
    listed = manifest.get(doc_id) or manifest.get(path.name) or manifest.get(path.stem) or {}
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
            raise CheckerError(f"unreadable 'published' date {reprlib.repr(meta['published'])} in "
                               f"{origin['published']}")
        published_from = origin["published"]
    else:
        published = find_dateline(body)
        published_from = "dateline" if published else None
    return Document(
        doc_id=doc_id,
        path=path,
        text=body,
        title=_text_field(meta["title"]) if "title" in meta else headline(body),
        source=_text_field(meta["source"]) if "source" in meta else None,
        published=published,
        published_from=published_from,
        url=_text_field(meta["url"]) if "url" in meta else None,
    )


HEADLINE_MAX_WORDS = 20


def headline(text: str) -> str | None:
    """The first line of ``text`` when it reads like a headline: a few words on a line of their
    own that do not end as a sentence does (a dateline or a first paragraph is not a title)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    words = first.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or first.endswith((".", ",", ";", ":")) or first == text.strip():
        return None
    return _text_field(first.lstrip("#").strip())


def _text_field(value: object) -> str:
    """A metadata value as one line of text, whatever YAML made of it (a list, a number, a
    nested mapping), cut to `MAX_FIELD_CHARS`."""
    text = value if isinstance(value, str) else reprlib.repr(value)
    return " ".join(text.split())[:MAX_FIELD_CHARS]


def load_corpus(root: str | Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Corpus:
    """Read every ``.txt``/``.md`` file under ``root``, sub-folders included; raise only when
    nothing is readable. A document's id is its path relative to ``root`` without the suffix
    ("a", "wires/a"). Files whose real location is outside ``root`` (links pointing out of it)
    and files over ``max_file_bytes`` are skipped with a warning and never read."""
    root = Path(root)
    if not root.exists():
        raise CheckerError(f"{root}: corpus folder does not exist")
    if not root.is_dir():
        raise CheckerError(f"{root}: not a folder")
    real_root = root.resolve()
    corpus = Corpus(root=root)
    manifest = _load_manifest(root, corpus.problems)
    entries = sorted(root.rglob("*"))  # does not descend into linked folders
    paths = [p for p in entries if p.suffix.lower() in SUFFIXES and (p.is_file() or p.is_symlink())]
    for linked in (p for p in entries if p.is_symlink() and p.is_dir()):
        where = "outside the corpus folder" if not linked.resolve().is_relative_to(real_root) else "inside it"
        corpus.problems.append(CorpusProblem(linked, f"a link to a folder {where}, not followed"))
    if not paths:
        raise CheckerError(f"{root}: no .txt or .md files in the corpus folder")
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            problem = _outside_or_too_large(path, real_root, max_file_bytes)
            if problem:
                corpus.problems.append(CorpusProblem(path, problem))
                continue
            doc = _make_document(path, manifest, path.relative_to(root).with_suffix("").as_posix())
        except CheckerError as exc:
            corpus.problems.append(CorpusProblem(path, str(exc)))
            continue
        except OSError as exc:
            corpus.problems.append(CorpusProblem(path, f"cannot read file ({exc.strerror or exc})"))
            continue
        if doc.doc_id in seen:
            corpus.problems.append(CorpusProblem(path, f"duplicate document id {doc.doc_id!r} (also {seen[doc.doc_id]}), skipped"))
            continue
        seen[doc.doc_id] = path
        corpus.documents.append(doc)
    return corpus


def _outside_or_too_large(path: Path, real_root: Path, max_file_bytes: int) -> str:
    """Why ``path`` must not be read, or "" if it may be."""
    real = path.resolve()
    if not real.is_relative_to(real_root):
        return "a link to a file outside the corpus folder, skipped"
    if not real.is_file():
        return "not a regular file, skipped"
    size = real.stat().st_size
    if size > max_file_bytes:
        return f"file too large ({size / 1e6:.1f} MB, limit {max_file_bytes / 1e6:.1f} MB), skipped"
    return ""
