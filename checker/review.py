"""Reviewer verdicts, kept in SQLite and keyed by the stable ``finding_id``.

Every write is one transaction. The current verdict of a finding is the latest row of an
append-only history, so no verdict is ever overwritten or dropped: a verdict whose finding
no longer appears in a run is kept and shown as orphaned.

    from checker import review
    store = review.open_store("out")          # out/review.db, or a path to a .db file
    store.record(finding_id, "confirmed", note="checked the archive", reviewer="ana")
    store.verdicts()                          # {finding_id: Verdict}
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from checker.errors import CheckerError

VERDICTS = ("confirmed", "false_positive", "unsure")
DB_NAME = "review.db"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'false_positive', 'unsure')),
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    kind TEXT, explanation TEXT, source_a TEXT, source_b TEXT, claim_a TEXT, claim_b TEXT
);
CREATE INDEX IF NOT EXISTS verdicts_finding ON verdicts (finding_id, id);
"""


@dataclass(frozen=True)
class Verdict:
    finding_id: str
    verdict: str
    note: str
    reviewer: str
    recorded_at: str
    kind: str | None = None
    explanation: str | None = None
    source_a: str | None = None
    source_b: str | None = None
    claim_a: str | None = None
    claim_b: str | None = None


class ReviewStore:
    def __init__(self, path: Path, timeout: float = 30.0):
        self.path = Path(path)
        self.timeout = timeout
        with self._transaction() as db:
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)

    @contextmanager
    def _transaction(self):
        try:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise CheckerError(f"{self.path}: cannot open verdict database ({exc})") from None
        try:
            db.execute("PRAGMA busy_timeout = %d" % int(self.timeout * 1000))
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            _rollback(db)
            if "locked" in str(exc) or "busy" in str(exc):
                raise CheckerError(f"{self.path}: verdict database is locked by another process; nothing was written") from None
            raise CheckerError(f"{self.path}: verdict database error ({exc}); nothing was written") from None
        except sqlite3.DatabaseError as exc:
            _rollback(db)
            raise CheckerError(f"{self.path}: not a readable verdict database ({exc}); it was left untouched") from None
        except BaseException:
            _rollback(db)
            raise
        finally:
            db.close()

    def record(self, finding_id: str, verdict: str, note: str = "", reviewer: str | None = None,
               finding=None) -> Verdict:
        """Add a verdict for ``finding_id``; ``finding`` (a Finding or its dict) is kept with
        it so that the verdict stays readable if the finding disappears from later runs."""
        if verdict not in VERDICTS:
            raise CheckerError(f"unknown verdict {verdict!r} (use one of {', '.join(VERDICTS)})")
        details = finding.to_dict() if hasattr(finding, "to_dict") else dict(finding or {})
        row = Verdict(finding_id, verdict, note or "", reviewer or _user(),
                      dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                      *(details.get(k) for k in ("kind", "explanation", "source_a", "source_b", "claim_a", "claim_b")))
        with self._transaction() as db:
            db.execute("INSERT INTO verdicts (finding_id, verdict, note, reviewer, recorded_at, kind, explanation, "
                       "source_a, source_b, claim_a, claim_b) VALUES (?,?,?,?,?,?,?,?,?,?,?)", tuple(asdict(row).values()))
        return row

    def verdicts(self) -> dict[str, Verdict]:
        """The latest verdict of every finding ever reviewed."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT finding_id, verdict, note, reviewer, recorded_at, kind, explanation, source_a, source_b, "
                "claim_a, claim_b FROM verdicts WHERE id IN (SELECT MAX(id) FROM verdicts GROUP BY finding_id)"
            ).fetchall()
        return {r[0]: Verdict(*r) for r in rows}

    def history(self) -> list[Verdict]:
        with self._transaction() as db:
            rows = db.execute("SELECT finding_id, verdict, note, reviewer, recorded_at, kind, explanation, source_a, "
                              "source_b, claim_a, claim_b FROM verdicts ORDER BY id").fetchall()
        return [Verdict(*r) for r in rows]

    def to_pandas(self, current_ids=None):
        """Latest verdicts as a DataFrame; with ``current_ids``, an ``orphaned`` column marks
        verdicts whose finding is not in the current run."""
        import pandas as pd

        df = pd.DataFrame([asdict(v) for v in self.verdicts().values()], columns=list(Verdict.__dataclass_fields__))
        if current_ids is not None:
            df["orphaned"] = ~df["finding_id"].isin(set(current_ids))
        return df


def open_store(location: str | Path) -> ReviewStore:
    """``location`` is a run's output folder (uses ``review.db`` in it) or a database file."""
    path = Path(location)
    if path.is_dir():
        path = path / DB_NAME
    if not path.parent.exists():
        raise CheckerError(f"{path.parent}: folder does not exist")
    return ReviewStore(path)


def precision_by_kind(verdicts: dict[str, Verdict]):
    """confirmed / (confirmed + false_positive) per kind, 'unsure' left out."""
    import pandas as pd

    df = pd.DataFrame([asdict(v) for v in verdicts.values()], columns=list(Verdict.__dataclass_fields__))
    decided = df[df["verdict"].isin(["confirmed", "false_positive"])]
    if decided.empty:
        return pd.DataFrame(columns=["kind", "reviewed", "confirmed", "precision"])
    table = decided.groupby("kind").agg(reviewed=("verdict", "size"),
                                        confirmed=("verdict", lambda s: int((s == "confirmed").sum())))
    table["precision"] = table["confirmed"] / table["reviewed"]
    return table.reset_index()


def _rollback(db) -> None:
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
