"""The built web frontends, served beside the API: the staff console at `/`, the customer web at `/m/`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

APPS_DIR = Path(__file__).resolve().parents[3]
"""`apps/` of the repository (the embedded package is installed editable from it)."""

DEFAULT_MOUNTS: tuple[tuple[str, str], ...] = (("/m/", "customer/dist"), ("/", "console/dist"))
"""URL prefix → build folder under `apps/` (`make run` builds them); the longest prefix wins."""

IMMUTABLE = "public, max-age=31536000, immutable"


def default_mounts() -> list[tuple[str, Path]]:
    """The frontends' build folders; `FRONTENDS_DIR` points elsewhere (e.g. an image's copy)."""
    root = Path(os.environ.get("FRONTENDS_DIR") or APPS_DIR)
    return [(prefix, root / dist) for prefix, dist in DEFAULT_MOUNTS]


class StaticFrontends:
    """Serves single-page apps: a file when it exists, else the app's index.html (client routes)."""

    def __init__(self, mounts: Sequence[tuple[str, Path]]) -> None:
        self.mounts = sorted(((p, d.resolve()) for p, d in mounts), key=lambda m: -len(m[0]))

    def built(self, prefix: str) -> bool:
        """Whether the frontend at this prefix has been built."""
        return any(p == prefix and (d / "index.html").is_file() for p, d in self.mounts)

    async def serve(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer the request if a built frontend owns its path; False leaves it to the caller."""
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            return False
        path: str = scope.get("path", "")
        for prefix, root in self.mounts:
            index = root / "index.html"
            if not index.is_file():
                continue
            if prefix != "/" and path == prefix.rstrip("/"):
                await RedirectResponse(prefix, status_code=308)(scope, receive, send)
                return True
            if not path.startswith(prefix):
                continue
            response = self._response(root, index, path[len(prefix):])
            await response(scope, receive, send)
            return True
        return False

    @staticmethod
    def _response(root: Path, index: Path, relative: str) -> Response:
        if relative:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                hashed = candidate.parent.name == "assets"
                headers = {"Cache-Control": IMMUTABLE if hashed else "no-cache"}
                return FileResponse(candidate, headers=headers)
            if "." in relative.rsplit("/", 1)[-1]:  # a missing file, not a client route
                return Response("Not found", status_code=404, media_type="text/plain")
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
