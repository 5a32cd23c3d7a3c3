"""The small frozen records that move through the pipeline: pages, documents, passages, hits, answers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Page:
    """One physical PDF page after cleaning."""

    number: int  # 1-based physical page
    label: str | None  # printed page label, when the PDF defines one
    text: str
    ocr: bool = False  # text came from OCR, not from the PDF's text layer
    bold_lines: frozenset[str] = frozenset()  # lines set entirely in a bold font (heading evidence)


@dataclass(frozen=True)
class Problem:
    """Something a user must know about a file: why it was skipped or what part of it is not searchable."""

    file: str
    reason: str
    skipped: bool = True  # False: the file was indexed, with this caveat

    def line(self) -> str:
        return f"{'SKIPPED' if self.skipped else 'WARNING'} {self.file}: {self.reason}"


@dataclass(frozen=True)
class DocumentFacts:
    """What the catalogue says about one PDF (corpus/catalogue.toml, or a fallback from the PDF itself)."""

    doc_id: str
    title: str
    kind: str
    date: str
    organisation: str
    description: str
    file: str  # path relative to the corpus folder

    def facts(self) -> dict:
        """The catalogue fields only (to apply them to an indexed document or its passages)."""
        return {f: getattr(self, f) for f in DocumentFacts.__dataclass_fields__}


@dataclass(frozen=True)
class DocumentInfo(DocumentFacts):
    """An indexed document: its catalogue facts plus what ingestion found."""

    sha256: str = ""
    pages: int = 0
    passages: int = 0
    pages_without_text: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["pages_without_text"] = list(self.pages_without_text)
        d["ocr_pages"] = list(self.ocr_pages)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "DocumentInfo":
        d = dict(d)
        d["pages_without_text"] = tuple(d.get("pages_without_text", ()))
        d["ocr_pages"] = tuple(d.get("ocr_pages", ()))
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True)
class Passage:
    """A citable stretch of one document: the unit that is indexed and returned."""

    passage_id: str
    doc_id: str
    title: str
    kind: str
    date: str
    file: str
    page: int  # physical page where the passage starts
    page_end: int  # physical page where it ends
    page_label: str | None
    section: str
    text: str
    char_start: int  # offset of the passage in its start page's clean text
    char_end: int  # end offset in the page text of page_end
    ocr: bool = False

    def index_text(self) -> str:
        """What the retrievers see: the section heading gives short passages their topic."""
        if self.section and not self.text.startswith(self.section):
            return f"{self.section}\n{self.text}"
        return self.text

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Passage":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass(frozen=True)
class Hit:
    """A passage returned for a question, with its fused score and where each retriever ranked it."""

    passage: Passage
    score: float
    rank: int
    lexical_rank: int | None = None
    dense_rank: int | None = None

    def to_dict(self) -> dict:
        p = self.passage
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "doc_id": p.doc_id,
            "title": p.title,
            "kind": p.kind,
            "date": p.date,
            "file": p.file,
            "page": p.page,
            "page_end": p.page_end,
            "page_label": p.page_label,
            "section": p.section,
            "text": p.text,
            "ocr": p.ocr,
            "passage_id": p.passage_id,
        }


@dataclass(frozen=True)
class Sentence:
    """One sentence of the extractive answer, with the rank of the passage it cites."""

    text: str
    citation: int


@dataclass(frozen=True)
class Answer:
    """What a question gets: cited passages, a confidence that the documents answer it, a short extract."""

    question: str
    confidence: float
    results: tuple[Hit, ...]
    answer: tuple[Sentence, ...] = ()
    answerable: bool = True
    notices: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "confidence": round(float(self.confidence), 4),
            "answerable": self.answerable,
            "answer": [{"text": s.text, "citation": s.citation} for s in self.answer],
            "notices": list(self.notices),
            "results": [h.to_dict() for h in self.results],
        }
