"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store.

``/sparql`` answers GET (``?query=``) and POST (a form with ``query=``, or an
``application/sparql-query`` body) in JSON, XML, CSV or TSV, chosen by the Accept
header or ``?format=``; CONSTRUCT and DESCRIBE answer Turtle. ``/`` is a small page
to type a query. SPARQL Update, LOAD and SERVICE are refused with 403, a query past
its timeout is stopped (503) without stopping the others, and a result past the
cap is refused (413). The server binds to loopback unless told otherwise.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError
from kg.sparql import (GRAPH_FORMATS, RESULT_FORMATS, QueryError, QueryPool, QueryRefused, QueryTimeout,
                       ResultTooLarge)
from kg.store.disk import DiskStore, StoreError

MAX_QUERY_BYTES = 100_000

_STATUS = {QueryRefused: HTTPStatus.FORBIDDEN, QueryTimeout: HTTPStatus.SERVICE_UNAVAILABLE,
           ResultTooLarge: HTTPStatus.REQUEST_ENTITY_TOO_LARGE, QueryError: HTTPStatus.BAD_REQUEST}
_BY_MEDIA_TYPE = {media_type: name for name, (media_type, _) in {**RESULT_FORMATS, **GRAPH_FORMATS}.items()}
_BY_MEDIA_TYPE.update({"application/json": "json", "application/xml": "xml", "text/xml": "xml"})


@dataclass(frozen=True)
class ServeSettings:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    workers: int = 2
    timeout: float = 10.0
    max_rows: int = 10_000


def make_server(settings: ServeSettings) -> ThreadingHTTPServer:
    """A server ready to ``serve_forever()``; its ``pool`` must be closed after (``close_server``)."""
    if not DiskStore(settings.store).exists():
        raise StoreError(f"{settings.store}: no store here; run `kg build` first or pass --store")
    pool = QueryPool(settings.store, workers=settings.workers, timeout=settings.timeout, max_rows=settings.max_rows,
                     start_method="forkserver")
    try:
        server = ThreadingHTTPServer((settings.host, settings.port), _Handler)
    except OSError as error:
        pool.close()
        raise KgError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}") from error
    server.daemon_threads = True
    server.pool = pool
    server.settings = settings
    return server


def close_server(server: ThreadingHTTPServer) -> None:
    server.server_close()
    server.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # quiet: the CLI says where it listens
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page(self.server.settings).encode("utf-8"))
        elif url.path == "/sparql":
            params = parse_qs(url.query)
            if "update" in params:
                return self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
            if "query" not in params:
                return self._error(HTTPStatus.BAD_REQUEST, "give a query: /sparql?query=SELECT...")
            self._answer(params["query"][0], params)
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the query is longer than {MAX_QUERY_BYTES} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if kind == "application/sparql-update":
            return self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
        if kind == "application/sparql-query":
            return self._answer(body, params)
        if kind == "application/x-www-form-urlencoded":
            params.update(parse_qs(body))
            if "update" in params:
                return self._error(HTTPStatus.FORBIDDEN, "SPARQL Update is refused: the graph is read-only")
            if "query" in params:
                return self._answer(params["query"][0], params)
            return self._error(HTTPStatus.BAD_REQUEST, "give a query: a form field query=...")
        self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST application/sparql-query or application/x-www-form-urlencoded with query=...")

    def _answer(self, query: str, params: dict) -> None:
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the query is longer than {MAX_QUERY_BYTES} bytes")
        fmt = (params.get("format") or [None])[0] or _negotiate(self.headers.get("Accept", ""))
        try:
            answer = self.server.pool.run(query, fmt)
        except KgError as error:
            return self._error(_STATUS.get(type(error), HTTPStatus.INTERNAL_SERVER_ERROR), str(error))
        media_type = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
        self._send(HTTPStatus.OK, media_type, answer.body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def _send(self, status: HTTPStatus, media_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def _negotiate(accept: str) -> str:
    """The first format the Accept header names that kg serves; JSON results (Turtle graphs) otherwise."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media_type, _, rest = part.strip().partition(";")
        quality = 1.0
        for param in rest.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type.strip().lower() in _BY_MEDIA_TYPE and quality > 0:
            ranked.append((-quality, position, _BY_MEDIA_TYPE[media_type.strip().lower()]))
    return min(ranked)[2] if ranked else "json"


def _page(settings: ServeSettings) -> str:
    example = "SELECT ?investor ?target WHERE {\n  ?investor kg:investedIn ?target\n} LIMIT 100"
    formats = "".join(f"<option>{html.escape(name)}</option>" for name in RESULT_FORMATS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL</title>
<style>body{{font:15px system-ui,sans-serif;margin:2em;max-width:70em}}textarea{{width:100%;height:12em;font:14px monospace}}
pre{{background:#f4f4f4;padding:1em;overflow:auto;white-space:pre-wrap}}</style></head>
<body><h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over <code>{html.escape(str(settings.store))}</code> at <code>/sparql</code>.
Prefixes kg:, id:, schema:, prov:, dcterms:, skos:, rdf:, rdfs:, xsd:, owl: are declared.
Queries stop after {settings.timeout:g} s and {settings.max_rows} rows.</p>
<form id="form"><textarea id="query" name="query">{html.escape(example)}</textarea>
<p><label>Results <select id="format" name="format">{formats}</select></label> <button>Run</button></p></form>
<pre id="out"></pre>
<script>
document.getElementById("form").addEventListener("submit", async (event) => {{
  event.preventDefault();
  const out = document.getElementById("out");
  out.textContent = "running...";
  const body = new URLSearchParams({{query: document.getElementById("query").value,
                                     format: document.getElementById("format").value}});
  const response = await fetch("/sparql", {{method: "POST", body}});
  const text = await response.text();
  try {{ out.textContent = JSON.stringify(JSON.parse(text), null, 2); }} catch (e) {{ out.textContent = text; }}
}});
</script></body></html>
"""

