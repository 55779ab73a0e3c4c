"""A content-addressed store of what the slow stages compute, so a re-run redoes only what is new.

Entries are keyed by a hash of what produced them and of their input: a paragraph's parse by
the spaCy model and version; a document's claims and their facts by the parser and the source
of the claim and fact rules (`source_version`); a text's vectors by the embedding model; an NLI
score by the NLI model and the two sentences; the comparison of two documents' facts by both
documents' claims, the embedding model and the fact table's source. Changing a model or a rule
therefore misses only what depends on it; the calibration is applied after the store, so
changing it misses nothing. Values are plain data (spaCy's own msgpack `Doc.to_bytes`, arrays
as dtype, shape and raw numbers, JSON records that can only rebuild the fact dataclasses,
float32 scores): nothing in the store can run code. SQLite commits each stage's entries in one
transaction, so a run killed mid-way leaves the entries of the stages it finished; a store that
cannot be read (on opening, or a damaged page met later) is moved aside and rebuilt, and the run
says so (`Store.rebuilt`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import sqlite3
import struct
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from checker.errors import first_line

CACHE_NAME = "cache.sqlite"
SCHEMA_VERSION = "2"  # 2: arrays as dtype, shape and raw values; claims and fact-table records

log = logging.getLogger(__name__)


class Store:
    """One SQLite file of (key, value) entries; ``hits`` and ``misses`` count lookups per kind."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        self.rebuilt = ""  # why the file was rebuilt, if it was
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)

    def _rebuild(self, exc: sqlite3.DatabaseError) -> None:
        """Move a store that cannot be read aside and start an empty one; say so."""
        self.rebuilt = first_line(exc)
        log.warning("cache %s could not be read (%s): rebuilt", self.path, self.rebuilt)
        if getattr(self, "_db", None) is not None:
            self._db.close()
        self._move_aside()
        self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A store whose write-ahead log is still beside it was not closed: a run was killed
        # while it wrote (or another run has it open). Only then is every page checked: PRAGMA
        # quick_check reads the whole file (4.7 s on a 1,000-article store), and SQLite's
        # transactions leave a cleanly closed store whole. Damage found later, by a read or a
        # write, rebuilds the store then (`_rebuild`).
        unclosed = Path(f"{self.path}-wal").exists()
        db = sqlite3.connect(self.path)
        try:
            if unclosed and db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif row[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"schema {row[0]}, expected {SCHEMA_VERSION}")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            damaged = Path(f"{self.path}{suffix}")
            if damaged.exists():
                damaged.replace(Path(f"{self.path}.damaged{suffix}"))

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, bytes]:
        keys = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        try:
            for start in range(0, len(keys), 500):  # SQLite's bound on parameters per statement
                chunk = keys[start:start + 500]
                rows = self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})",
                                        chunk).fetchall()
                found.update(rows)
        except sqlite3.DatabaseError as exc:  # a damaged page: nothing of this store is trusted
            self._rebuild(exc)
            found = {}
        self.hits[kind] += len(found)
        self.misses[kind] += len(keys) - len(found)
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        items = list(items)
        try:
            with self._db:  # one transaction: all of a stage's new entries, or none
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", items)
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", items)

    def reset_counts(self) -> None:
        self.hits.clear()
        self.misses.clear()

    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: {"hits": self.hits[kind], "misses": self.misses[kind]}
                for kind in sorted(set(self.hits) | set(self.misses))}

    def backup(self, path: str | Path) -> None:
        """Copy the store, as it is now, to a new SQLite file at ``path``."""
        target = sqlite3.connect(path)
        try:
            self._db.backup(target)
        finally:
            target.close()

    def close(self) -> None:
        self._db.close()


def key(*parts: str) -> str:
    """The store key of an entry: a hash of the producer's name and the input."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def array_bytes(array: np.ndarray) -> bytes:
    """A numeric array as its dtype, its shape and its raw values (a warm run reads tens of
    thousands: `np.load` of .npy bytes took 85 us each, this takes a few)."""
    array = np.ascontiguousarray(array)
    if array.dtype.hasobject:
        raise TypeError("cannot store an array of objects")
    dtype = array.dtype.str.encode()
    return struct.pack(f"<B{len(dtype)}sB{array.ndim}I", len(dtype), dtype, array.ndim, *array.shape) + array.tobytes()


def bytes_array(data: bytes) -> np.ndarray:
    (n,) = struct.unpack_from("<B", data)
    dtype = np.dtype(data[1:1 + n].decode())
    (ndim,) = struct.unpack_from("<B", data, 1 + n)
    shape = struct.unpack_from(f"<{ndim}I", data, 2 + n)
    return np.frombuffer(data, dtype, offset=2 + n + 4 * ndim).reshape(shape).copy()


def record_bytes(value) -> bytes:
    """``value`` as JSON: dataclasses (by class name and field order), lists, tuples, sets,
    frozensets, str-keyed dicts, dates, strings, numbers, booleans and None. What `record_from_bytes`
    reads back is the equal value; nothing in it names code to run."""
    return json.dumps(_encoded(value), separators=(",", ":")).encode()


def _encoded(value):
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__, "f": [_encoded(getattr(value, f.name)) for f in dataclasses.fields(value)]}
    if isinstance(value, list):
        return [_encoded(v) for v in value]
    if isinstance(value, (tuple, set, frozenset)):
        tag = {tuple: "t", set: "s", frozenset: "fs"}[type(value)]
        items = value if tag == "t" else sorted(value, key=repr)  # the same bytes for the same set
        return {"@" + tag: [_encoded(v) for v in items]}
    if isinstance(value, dict):
        return {"@d": [[k, _encoded(v)] for k, v in value.items()]}
    if isinstance(value, dt.date):
        return {"@date": value.isoformat()}
    raise TypeError(f"cannot store a {type(value).__name__}")


def record_from_bytes(data: bytes, types: Iterable[type]):
    """The value `record_bytes` wrote; a dataclass is rebuilt only when its class is in ``types``."""
    return _decoded(data, types)


def records_from_bytes(stored: dict[str, bytes], types: Iterable[type]) -> dict[str, object]:
    """`record_from_bytes` of every value of ``stored``, by key, in one parse: a warm run reads
    back tens of thousands of small records (78k pair checks at 1,000 articles), where one
    parse per record costs more than the parsing itself."""
    if not stored:
        return {}
    values = _decoded(b"[" + b",".join(stored.values()) + b"]", types)
    if not isinstance(values, list) or len(values) != len(stored):  # a damaged record spilled into the next
        raise ValueError(f"stored records do not read back one by one ({len(stored)} records)")
    return dict(zip(stored, values))


def _decoded(data: bytes, types: Iterable[type]):
    known = {t.__name__: t for t in types}
    containers = {"@t": tuple, "@s": set, "@fs": frozenset}

    def rebuilt(obj: dict):  # json calls this on each object, innermost first
        if "@" in obj:
            if obj["@"] not in known:
                raise ValueError(f"stored record names an unknown type {obj['@']!r}")
            return known[obj["@"]](*obj["f"])
        (tag, items), = obj.items()
        if tag in containers:
            return containers[tag](items)
        if tag == "@date":
            return dt.date.fromisoformat(items)
        return dict(items)  # "@d"

    return json.loads(data, object_hook=rebuilt)


def source_version(*paths: Path) -> str:
    """A hash of the source files (or every .py file under the folders) in ``paths``: a stored
    result of code that has changed since it was stored is never read back."""
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.py")))
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:16]


class VectorCache:
    """A text -> vector mapping for one embedding model, backed by a `Store` (the ``cache``
    `embed.embed_claims` and `embed.word_vectors` read and fill). Keys are texts or tuples of
    texts; vectors found or computed are also kept in memory for this run."""

    def __init__(self, store: Store, model_name: str):
        self.store, self.model_name = store, model_name
        self.memory: dict = {}
        self.absent: set = set()  # looked up and not stored

    def _key(self, text) -> str:
        # "sentence": vectors of texts embedded in unpadded batches (`embed.encode_texts`); older
        # stores keyed ("text", ...) vectors from padded batches, which differ in the last bits
        parts = text if isinstance(text, tuple) else ("sentence", text)
        return key("vector", self.model_name, *parts)

    def load(self, texts: Iterable) -> None:
        """Bring the stored vectors of ``texts`` into memory in one query."""
        wanted = {self._key(t): t for t in texts if t not in self.memory and t not in self.absent}
        for k, value in self.store.get_many("vectors", wanted).items():
            self.memory[wanted[k]] = bytes_array(value)
        self.absent.update(t for t in wanted.values() if t not in self.memory)

    def forget(self, texts: Iterable) -> None:
        """Drop ``texts``' vectors from memory (they stay in the store)."""
        for text in texts:
            self.memory.pop(text, None)

    def __contains__(self, text) -> bool:
        if text not in self.memory and text not in self.absent:
            self.load([text])
        return text in self.memory

    def __getitem__(self, text) -> np.ndarray:
        if text not in self:
            raise KeyError(text)
        return self.memory[text]

    def __setitem__(self, text, vector: np.ndarray) -> None:
        self.update([(text, vector)])

    def update(self, items) -> None:
        items = list(items.items() if isinstance(items, dict) else items)
        self.memory.update(items)
        self.absent.difference_update(t for t, _ in items)
        self.store.put_many((self._key(t), array_bytes(v)) for t, v in items)


class CachedNLI:
    """An NLI model whose scores are read from and written to a `Store` (each pair is scored
    alone, so a stored score is the score a cold run gives)."""

    def __init__(self, model, store: Store):
        self.model, self.store = model, store
        self.name = model.name
        self.variant = getattr(model, "variant", "")  # what else decides the scores (version, products)

    def contradiction(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        keys = [key("nli", self.name, self.variant, p, h) for p, h in zip(premises, hypotheses)]
        found = self.store.get_many("nli", keys)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            index = {k: i for i, k in enumerate(keys)}
            scores = self.model.contradiction([premises[index[k]] for k in missing],
                                              [hypotheses[index[k]] for k in missing])
            new = {k: np.float32(s).tobytes() for k, s in zip(missing, scores)}
            self.store.put_many(new.items())
            found.update(new)
        return np.array([np.frombuffer(found[k], dtype=np.float32)[0] for k in keys], dtype=np.float32)
