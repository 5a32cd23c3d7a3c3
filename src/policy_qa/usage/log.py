"""The question log in SQLite (stdlib sqlite3, WAL): questions, answers' confidence, feedback; with schema migrations.

Safe for concurrent writers (several app processes): WAL mode, a busy timeout, one short transaction per write.
Question vectors are stored as raw float32 bytes (read back with numpy.frombuffer), never pickled.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SCHEMA_VERSION = 2
# Each migration takes the database from version i to i + 1.
MIGRATIONS = (
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at TEXT NOT NULL,          -- UTC, ISO 8601
        user TEXT,                        -- the login name, when a login is configured
        question TEXT NOT NULL,
        lang TEXT NOT NULL,               -- 'nl' or 'en'
        confidence REAL NOT NULL,
        answerable INTEGER NOT NULL,      -- what the app said: 1 answered, 0 "the documents do not answer this"
        top_passages TEXT NOT NULL        -- JSON list of passage ids, best first
    );
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions(id),
        at TEXT NOT NULL,
        user TEXT,
        target TEXT NOT NULL,             -- 'answer' or a passage id
        correct INTEGER NOT NULL,         -- 1 "klopt", 0 "klopt niet"
        passage_text TEXT                 -- the marked passage's text, so exports survive rebuilds
    );
    CREATE INDEX feedback_question ON feedback(question_id);
    """,
    """
    ALTER TABLE questions ADD COLUMN vector BLOB;  -- the question's float32 query vector, for grouping
    """,
)


class LogError(Exception):
    """The question log cannot be opened or written; the message names the file."""


@dataclass(frozen=True)
class LoggedQuestion:
    id: int
    asked_at: str
    user: str | None
    question: str
    lang: str
    confidence: float
    answerable: bool
    top_passages: tuple[str, ...]
    vector: np.ndarray | None
    wrong: bool = False  # someone marked its answer or a passage "klopt niet"


@dataclass(frozen=True)
class Marked:
    """A logged question with a passage someone marked as right: a ready-made test question."""

    question_id: int
    question: str
    lang: str
    passage_id: str
    passage_text: str


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class QuestionLog:
    """One SQLite file; connections are per thread, opened lazily."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA foreign_keys=ON")
                self._migrate(db)
            except sqlite3.Error as exc:
                raise LogError(f"the question log {self.path} cannot be opened ({exc})") from None
            self._local.db = db
        return db

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LogError(f"the question log was written by a newer version (schema {version})")
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        return int(self._db().execute("PRAGMA user_version").fetchone()[0])

    def log_question(self, question: str, lang: str, confidence: float, answerable: bool,
                     top_passages: list[str] | tuple[str, ...], user: str | None = None,
                     vector: np.ndarray | None = None) -> int:
        """Record one asked question; returns its id (for feedback)."""
        blob = None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()
        cur = self._db().execute(
            "INSERT INTO questions (asked_at, user, question, lang, confidence, answerable, top_passages, vector) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_now(), user, question, lang, float(confidence), int(bool(answerable)), json.dumps(list(top_passages)),
             blob))
        return int(cur.lastrowid)

    def add_feedback(self, question_id: int, target: str, correct: bool, user: str | None = None,
                     passage_text: str | None = None) -> int:
        """Record "klopt" (correct) or "klopt niet" on the answer ('answer') or on one passage (its id)."""
        if self._db().execute("SELECT 1 FROM questions WHERE id = ?", (int(question_id),)).fetchone() is None:
            raise LogError(f"no logged question {question_id}")
        cur = self._db().execute(
            "INSERT INTO feedback (question_id, at, user, target, correct, passage_text) VALUES (?, ?, ?, ?, ?, ?)",
            (int(question_id), _now(), user, str(target), int(bool(correct)), passage_text))
        return int(cur.lastrowid)

    def latest(self, question: str, user: str | None = None) -> int | None:
        """The id of the latest logged asking of exactly `question` (by `user`, when given)."""
        row = self._db().execute(
            "SELECT id FROM questions WHERE question = ? AND (? IS NULL OR user = ?) ORDER BY id DESC LIMIT 1",
            (question, user, user)).fetchone()
        return int(row[0]) if row else None

    def questions(self, since: str | None = None) -> list[LoggedQuestion]:
        """Every logged question (oldest first), each flagged when anyone marked it "klopt niet"."""
        rows = self._db().execute(
            "SELECT q.id, q.asked_at, q.user, q.question, q.lang, q.confidence, q.answerable, q.top_passages, "
            "q.vector, EXISTS(SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.correct = 0) "
            "FROM questions q WHERE q.asked_at >= ? ORDER BY q.id", (since or "",)).fetchall()
        return [LoggedQuestion(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), tuple(json.loads(r[7])),
                               None if r[8] is None else np.frombuffer(r[8], dtype=np.float32), bool(r[9]))
                for r in rows]

    def marked_right(self) -> list[Marked]:
        """Questions with a passage marked "klopt" (latest mark per question and passage wins)."""
        rows = self._db().execute(
            "SELECT q.id, q.question, q.lang, f.target, f.passage_text, f.correct FROM feedback f "
            "JOIN questions q ON q.id = f.question_id WHERE f.target != 'answer' ORDER BY f.id").fetchall()
        latest: dict[tuple[int, str], tuple] = {}
        for r in rows:
            latest[(r[0], r[3])] = r
        return [Marked(r[0], r[1], r[2], r[3], r[4] or "") for r in latest.values() if r[5] and r[4]]

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
