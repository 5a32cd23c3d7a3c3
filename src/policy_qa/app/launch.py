"""Launching the app: settings and login from the environment, the engine started, Gradio serving until stopped."""
from __future__ import annotations

import logging
import os
import sys
from importlib import resources

from ..config import Settings, SettingsError
from ..index.swap import NotAnIndexFolder, ensure_ours
from .blocks import build_app
from .engine import Engine
from .rest import routes

QUEUE_MAX_SIZE = 64  # waiting requests beyond this get HTTP 503 "queue is full" at once instead of piling up
CSS = resources.files(__package__).joinpath("static/app.css").read_text(encoding="utf-8")


class ConfigError(Exception):
    """Bad launch configuration: printed as one line."""


def auth_from_env(environ=os.environ) -> list[tuple[str, str]] | None:
    """POLICY_QA_AUTH="user:password[,user2:password2]" turns on the login; unset means no login."""
    raw = environ.get("POLICY_QA_AUTH", "").strip()
    if not raw:
        return None
    pairs = []
    for item in raw.split(","):
        user, sep, password = item.strip().partition(":")
        if not sep or not user or not password:
            raise ConfigError('POLICY_QA_AUTH must look like "user:password" (several separated by commas)')
        pairs.append((user, password))
    return pairs


def server_address(environ=os.environ) -> tuple[str, int]:
    """Host and port: 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise."""
    host = environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    raw = environ.get("GRADIO_SERVER_PORT") or "7860"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"GRADIO_SERVER_PORT must be a port number, not {raw!r}")
    return host, int(raw)


def main() -> int:
    """Start the engine (index in the background when needed) and serve the app until interrupted."""
    try:
        settings = Settings.from_env()
        auth = auth_from_env()
        host, port = server_address()
        ensure_ours(settings.index_dir)  # the app builds into it: never into someone else's folder
    except (ConfigError, SettingsError, NotAnIndexFolder) as exc:
        for line in str(exc).splitlines():
            print(f"policy-qa app: error: {line}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    engine = Engine(settings)
    engine.start()
    demo = build_app(engine)

    def allow_new_pdfs(e: Engine) -> None:
        allowed = getattr(demo, "allowed_paths", None)
        for path in e.pdf_paths() if isinstance(allowed, list) else ():
            if path not in allowed:
                allowed.append(path)

    engine.on_swap.append(allow_new_pdfs)
    demo.queue(default_concurrency_limit=8, max_size=QUEUE_MAX_SIZE)
    print(f"policy-qa app on http://{host}:{port}  ({engine.status})", flush=True)
    try:
        demo.launch(server_name=host, server_port=port, auth=auth, allowed_paths=engine.pdf_paths(),
                    max_file_size=f"{settings.max_upload_mb}mb",  # Gradio refuses larger uploads (413)
                    auth_message="Log in met de gegevens uit POLICY_QA_AUTH." if auth else None,
                    css=CSS, show_error=False, ssr_mode=False, mcp_server=False, footer_links=["api"],
                    quiet=True, app_kwargs={"routes": routes(engine, auth)})  # + the REST API at /api/v1
    except OSError as exc:
        print(f"policy-qa app: error: cannot serve on {host}:{port} ({exc})", file=sys.stderr)
        return 1
    return 0
