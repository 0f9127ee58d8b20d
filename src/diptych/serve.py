"""``diptych serve``: a live preview for authors and translators.

Builds the HTML edition, serves ``output/`` on the loopback address, watches
the publication's files and rebuilds on every save (incrementally, so it is
quick); open pages reload by themselves. A content error shows as an overlay
in the page (file, line, message) and in the terminal, and the server keeps
running. PDFs are rebuilt after a quiet moment, so typing stays fast.

The reload script is added by this server to the pages it serves; the built
edition itself has no JavaScript.
"""

from __future__ import annotations

import http.server
import json
import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .build import BuildOptions, build
from .errors import DiptychError

logger = logging.getLogger(__name__)

EVENTS = "/__diptych/events"
#: seconds without a change before the PDFs are rebuilt
PDF_QUIET = 4.0

RELOAD_SCRIPT = """<script>
(() => {
  const events = new EventSource("EVENTS_URL");
  const overlay = (message) => {
    let box = document.getElementById("diptych-error");
    if (!message) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "diptych-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:9999;max-height:50vh;overflow:auto;" +
        "padding:1rem 1.2rem;background:#fff4f2;color:#5c1a12;border:2px solid #c0392b;border-radius:.4rem;" +
        "font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 .4rem 1.2rem rgba(0,0,0,.2)";
      document.body.appendChild(box);
    }
    box.textContent = message;
  };
  let version = null;
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.error) { overlay(state.error); return; }
    overlay(null);
    if (version !== null && state.version !== version) location.reload();
    version = state.version;
  });
})();
</script>""".replace("EVENTS_URL", EVENTS)


@dataclass
class State:
    """What the server tells the open pages: the edition's version, or the error that stops it."""

    version: int = 0
    error: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, error: str | None) -> None:
        with self.changed:
            if error is None:
                self.version += 1
            self.error = error
            self.changed.notify_all()

    def message(self) -> str:
        return json.dumps({"version": self.version, "error": self.error})


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files of the output folder, with the reload script in HTML pages, and the event stream."""

    state: State

    def __init__(self, *args: Any, state: State, allowed_hosts: frozenset[str], **kwargs: Any) -> None:
        self.state = state
        self.allowed_hosts = allowed_hosts
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("serve: " + format, *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def host_allowed(self) -> bool:
        """Only requests addressed to this server by a name it knows: a page on another site that makes
        its own name point to 127.0.0.1 (DNS rebinding) gets 403, not the edition."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.strip("[]") in self.allowed_hosts:
            return True
        self.send_error(403, "Host not allowed", "start diptych serve with --allow-host NAME to answer this name")
        return False

    def do_HEAD(self) -> None:
        if self.host_allowed():
            super().do_HEAD()

    def do_GET(self) -> None:
        if not self.host_allowed():
            return
        if self.path == EVENTS:
            self.events()
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode("utf-8") + b"\n</body>", 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        sent = None
        try:
            while True:
                with self.state.changed:
                    if self.state.message() == sent:
                        self.state.changed.wait(timeout=15)
                    message = self.state.message()
                if message == sent:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"event: state\ndata: {message}\n\n".encode())
                    sent = message
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes or resets its connection is normal, not worth a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            logger.debug("serve: %s: %s", client_address, error)
            return
        logger.error("serve: a request from %s failed: %s: %s", client_address, type(error).__name__, error)


class Preview:
    """The build-watch-serve loop of one publication."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        output: Path | None = None,
        allowed_hosts: tuple[str, ...] = (),
    ) -> None:
        self.root = root
        self.output = output or root / "output"
        self.state = State()
        names = frozenset(name.lower().strip("[]") for name in (host, "localhost", "127.0.0.1", "::1", *allowed_hosts))
        handler = partial(Handler, directory=str(self.output), state=self.state, allowed_hosts=names)
        self.output.mkdir(parents=True, exist_ok=True)
        self.server = _Server((host, port), handler)
        self.pdf_timer: threading.Timer | None = None
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def rebuild(self, pdf: bool = False) -> None:
        with self.lock:
            formats = ("html", "pdf") if pdf else ("html",)
            try:
                # the search index is brought up to date with the PDFs, once typing has paused
                report = build(self.root, BuildOptions(output=self.output, formats=formats, search=pdf))
            except DiptychError as error:
                message = error.report()
                logger.error("%s", message)
                self.state.publish(message)
                return
            if report.files or self.state.error:
                logger.info("%s", report.summary())
                self.state.publish(None)
        if not pdf:
            self.schedule_pdfs()

    def schedule_pdfs(self) -> None:
        if self.pdf_timer:
            self.pdf_timer.cancel()
        self.pdf_timer = threading.Timer(PDF_QUIET, self.rebuild, kwargs={"pdf": True})
        self.pdf_timer.daemon = True
        self.pdf_timer.start()

    def watched(self) -> list[Path]:
        paths = [self.root / "publication.yaml", self.root / "content", self.root / "templates", self.root / "styles"]
        return [p for p in paths if p.exists()]

    def start(self) -> None:
        """Build once and start serving (in a thread)."""
        self.rebuild()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def watch(self) -> None:
        """Rebuild on every change until Ctrl-C."""
        import watchfiles

        stop = threading.Event()
        try:
            for changes in watchfiles.watch(*self.watched(), stop_event=stop, debounce=150, step=50, raise_interrupt=True):
                names = sorted({Path(path).name for _, path in changes})
                logger.info("changed: %s", ", ".join(names))
                started = time.perf_counter()
                self.rebuild()
                logger.info("rebuilt in %.2f s", time.perf_counter() - started)
        finally:
            stop.set()
            if self.pdf_timer:
                self.pdf_timer.cancel()
            self.server.shutdown()
            self.server.server_close()
