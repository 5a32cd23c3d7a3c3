"""A plain REST API beside the Gradio app (FastAPI, mounted at /api/v1): ask, stance, documents, health.

Same answers, login and input limits as the app, without Gradio's queue protocol (one HTTP request per question).
Errors are JSON {"error": message, "status": code}; the OpenAPI docs are at /api/v1/docs.
"""
import dataclasses
import secrets

from fastapi import Depends, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, ORJSONResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ..search.query import EmptyQuestion
from ..stance.explorer import explore
from ..stance.topics import TopicError, load_topics
from .engine import NOT_READY, Engine, NotReady

PREFIX = "/api/v1"
MAX_BODY_CHARS = 20_000  # a question longer than this is refused (422); up to it, it is cut to max_question_chars


class ApiError(Exception):
    """An error answered as JSON with this status code and message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def check_login(auth: list[tuple[str, str]] | None, given: HTTPBasicCredentials | None) -> str | None:
    """The logged-in user (None when the app has no login); ApiError 401 for a missing or wrong login."""
    if not auth:
        return None
    if given is not None:
        for user, password in auth:
            if secrets.compare_digest(given.username.encode(), user.encode()) & secrets.compare_digest(
                    given.password.encode(), password.encode()):
                return user
    raise ApiError(401, "login required: send the user and password of POLICY_QA_AUTH with HTTP Basic auth",
                   {"WWW-Authenticate": 'Basic realm="policy-qa"'})


def health(engine: Engine) -> tuple[int, dict]:
    """200 with the index's size when questions can be answered, 503 while there is no index yet."""
    manifest = engine.manifest() or {}
    body = {"status": "ok" if manifest else "starting", "building": engine.building, "message": engine.status,
            "documents": len(manifest.get("documents", [])), "passages": manifest.get("passages", 0),
            "built_at": manifest.get("built_at"), "generation": engine.generation}
    return (200 if manifest else 503), body


def ask_json(engine: Engine, question: str) -> dict:
    """The `policy-qa ask --json` object for the question; ApiError for an empty question or no index."""
    try:
        return engine.ask(question).to_dict()
    except EmptyQuestion as exc:
        raise ApiError(400, str(exc)) from None
    except NotReady:
        raise ApiError(503, NOT_READY, {"Retry-After": "5"}) from None


def stance_json(engine: Engine, topic: str) -> dict:
    """The `policy-qa stance --json` object for a listed topic or free text."""
    retriever = engine.retriever()
    if retriever is None:
        raise ApiError(503, NOT_READY, {"Retry-After": "5"})
    try:
        settings = engine.settings
        return explore(retriever, topic, load_topics(settings.corpus_dir), settings.max_topic_chars).to_dict()
    except TopicError as exc:
        raise ApiError(400, str(exc)) from None


def documents_json(engine: Engine) -> dict:
    """The indexed documents and what ingestion reported, as in the Documents tab."""
    return {"documents": [d.to_dict() for d in engine.documents()],
            "problems": [dataclasses.asdict(p) for p in engine.problems()]}


def create_api(engine: Engine, auth: list[tuple[str, str]] | None = None):
    """The FastAPI app to mount at PREFIX; every route but /health needs the login when `auth` is set."""
    class AskBody(BaseModel):
        question: str = Field(max_length=MAX_BODY_CHARS, description="the question, Dutch or English; cut to "
                                                                     f"{engine.settings.max_question_chars} characters")

    basic = HTTPBasic(auto_error=False, description="a user:password of POLICY_QA_AUTH (when the app has a login)")

    def login(given: HTTPBasicCredentials | None = Depends(basic)) -> str | None:
        return check_login(auth, given)

    api = FastAPIOffline(title="policy-qa API", version="1", docs_url="/docs", redoc_url=None,
                  description="Cited answers from the policy documents. Same JSON as `policy-qa ask --json` and "
                              "`policy-qa stance --json`. Login: HTTP Basic with a POLICY_QA_AUTH user, when set.")
    _error_handlers(api)

    @api.post("/ask", summary="Answer a question with cited passages", dependencies=[Depends(login)])
    def ask(body: AskBody):
        return ORJSONResponse(ask_json(engine, body.question))

    @api.get("/stance", summary="The positions on a topic, per document, oldest first", dependencies=[Depends(login)])
    def stance(topic: str = Query(max_length=500, description="a listed topic (id, label or term) or free text")):
        return ORJSONResponse(stance_json(engine, topic))

    @api.get("/documents", summary="The indexed documents and ingestion problems", dependencies=[Depends(login)])
    def documents():
        return ORJSONResponse(documents_json(engine))

    @api.get("/health", summary="Whether the index is loaded (no login: for load balancers)")
    def get_health():
        status, body = health(engine)
        return JSONResponse(body, status_code=status)

    return api


def _error_handlers(api) -> None:
    """Every error as {"error", "status"} JSON: ours, FastAPI's validation errors, unknown paths, crashes."""
    def reply(status: int, message: str, headers: dict | None = None):
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)

    @api.exception_handler(ApiError)
    async def on_api_error(request, exc: ApiError):
        return reply(exc.status, exc.message, exc.headers)

    @api.exception_handler(RequestValidationError)
    async def on_invalid(request, exc: RequestValidationError):
        return reply(422, "; ".join(_explain(e) for e in exc.errors()) or "invalid request")

    @api.exception_handler(HTTPException)
    async def on_http(request, exc: HTTPException):
        message = {404: f"no such endpoint; see {PREFIX}/docs", 405: "method not allowed for this endpoint"}
        return reply(exc.status_code, message.get(exc.status_code, str(exc.detail)), getattr(exc, "headers", None))

    @api.exception_handler(Exception)
    async def on_crash(request, exc: Exception):
        return reply(500, f"internal error ({type(exc).__name__}); the server log has the details")


def _explain(error: dict) -> str:
    """One validation error in words, e.g. "body.question: field required"."""
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
    kind = error.get("type", "")
    if kind == "missing":
        return f"{where}: required"
    if kind == "string_too_long":
        return f"{where}: too long (at most {error.get('ctx', {}).get('max_length')} characters)"
    if kind == "json_invalid":
        return "the body is not valid JSON (send {\"question\": \"...\"})"
    return f"{where}: {error.get('msg', 'invalid')}"


def routes(engine: Engine, auth: list[tuple[str, str]] | None = None) -> list:
    """The REST API as a route list for Gradio's FastAPI app (launch's app_kwargs), mounted at PREFIX."""
    from starlette.routing import Mount

    return [Mount(PREFIX, app=create_api(engine, auth))]
