"""The viewer's HTML: the template, style, script and data of ``kg/viewer/static/`` in one offline file.

Article text reaches the page only as JSON inside ``<script type="application/json">``, with
``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e``, ``\\u0026`` so that no title or
sentence can end the script element; the script puts it into the page with ``textContent``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from rdflib import Dataset

from kg.export import write_atomically
from kg.viewer.data import ViewData, view_data

_SLOT = re.compile(r"/\*\{\{(style|script|data)\}\}\*/")


def static_text(name: str) -> str:
    """A file of the viewer's package data (``kg/viewer/static/``)."""
    return resources.files("kg.viewer").joinpath("static", name).read_text(encoding="utf-8")


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(data: ViewData) -> str:
    """The whole page for ``data``: one file with its style, script and data inlined."""
    parts = {"style": static_text("viewer.css"), "script": static_text("viewer.js"), "data": script_json(data.to_json())}
    # One pass, so nothing inserted (an article's text included) is read as a slot.
    return _SLOT.sub(lambda match: parts[match.group(1)], static_text("viewer.html"))


def write_view(dataset: Dataset, path: str | Path) -> ViewData:
    """Write the viewer of ``dataset`` to ``path`` (atomically); return what it shows."""
    data = view_data(dataset)
    page = render_html(data).encode("utf-8")
    write_atomically(Path(path), lambda handle: handle.write(page))
    return data
