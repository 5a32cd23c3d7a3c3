"""Who may change documents and rebuild: admins named in POLICY_QA_ADMINS when a login is configured
(POLICY_QA_AUTH); with no login, only a visitor of an app bound to 127.0.0.1 (the machine's own user).

Checked in every server-side handler (with the gr.Request of the call), so scripts are refused like the UI.
"""
from __future__ import annotations

import os

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
REFUSED = "Alleen beheerders mogen dit (POLICY_QA_ADMINS)."


def admins(environ=os.environ) -> frozenset[str]:
    return frozenset(n.strip() for n in environ.get("POLICY_QA_ADMINS", "").split(",") if n.strip())


def is_admin(request, environ=os.environ) -> bool:
    """Whether the user of this request is an admin (see the module docstring)."""
    if environ.get("POLICY_QA_AUTH", "").strip():
        user = getattr(request, "username", None) if request is not None else None
        return bool(user) and user in admins(environ)
    return (environ.get("GRADIO_SERVER_NAME") or "127.0.0.1") in LOCAL_HOSTS


def user_of(request) -> str | None:
    """The logged-in user name, when a login is configured (never an IP address)."""
    return getattr(request, "username", None) if request is not None else None
