"""`kg serve` end to end: a real HTTP client against a server on a free loopback port."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.serve import ServeSettings, close_server, make_server

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CEOS = "SELECT ?person ?company WHERE { ?person kg:ceoOf ?company } ORDER BY ?person"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    build([SEEDS], out)
    server = make_server(ServeSettings(out / ".kg", port=0, workers=2, timeout=1.5, max_rows=50))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    close_server(server)


def call(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def get(endpoint: str, query: str, **params) -> tuple[int, str, bytes]:
    return call(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query, **params}))


def test_it_listens_on_loopback_by_default(endpoint):
    assert ServeSettings(Path("x")).host == "127.0.0.1"
    assert endpoint.startswith("http://127.0.0.1:")


def test_get_answers_sparql_json(endpoint):
    status, media_type, body = get(endpoint, CEOS)
    assert status == 200 and media_type == "application/sparql-results+json"
    people = [row["person"]["value"].rsplit("/", 1)[1] for row in json.loads(body)["results"]["bindings"]]
    assert "anna-berg" in people and len(people) >= 4


def test_post_form_and_direct_body_and_formats(endpoint):
    form = urllib.parse.urlencode({"query": CEOS}).encode()
    status, _, body = call(f"{endpoint}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                        "Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert status == 200 and rows[0] == ["person", "company"] and len(rows) >= 5
    status, media_type, body = call(f"{endpoint}/sparql", CEOS.encode(), {"Content-Type": "application/sparql-query",
                                                                          "Accept": "text/tab-separated-values"})
    assert status == 200 and media_type.startswith("text/tab-separated-values") and body.startswith(b"?person\t?company")
    status, media_type, body = get(endpoint, CEOS, format="xml")
    assert status == 200 and media_type == "application/sparql-results+xml" and b"<sparql" in body
    status, _, body = get(endpoint, "ASK { ?s kg:investedIn ?o }")
    assert json.loads(body)["boolean"] is True


def test_construct_and_describe_answer_turtle(endpoint):
    status, media_type, body = get(endpoint, "CONSTRUCT { ?s kg:ceoOf ?o } WHERE { ?s kg:ceoOf ?o }")
    assert status == 200 and media_type.startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    assert len(graph) >= 4
    status, _, body = get(endpoint, "DESCRIBE <https://w3id.org/kg-news/id/person/anna-berg>")
    assert status == 200 and b"anna-berg" in body


@pytest.mark.parametrize("how", ["get-update", "post-update", "post-form-update", "load", "service", "insert-query"])
def test_it_refuses_what_would_change_the_graph_or_reach_another_host(endpoint, how):
    update = "INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    service = "SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }"
    requests = {
        "get-update": (f"{endpoint}/sparql?" + urllib.parse.urlencode({"update": update}), None, {}),
        "post-update": (f"{endpoint}/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        "post-form-update": (f"{endpoint}/sparql", urllib.parse.urlencode({"update": update}).encode(),
                             {"Content-Type": "application/x-www-form-urlencoded"}),
        "load": (f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "LOAD <https://example.org/data.ttl>"}), None, {}),
        "service": (f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": service}), None, {}),
        "insert-query": (f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "# a comment\n" + update}), None, {}),
    }
    status, _, body = call(*requests[how])
    assert status == 403, body
    assert b"refused" in body
    assert get(endpoint, "ASK { <https://example.org/a> ?p ?o }")[2] == b'{"head":{},"boolean":false}'


def test_the_words_update_and_service_inside_strings_are_fine(endpoint):
    status, _, _ = get(endpoint, 'SELECT * WHERE { ?s ?p "INSERT SERVICE" } LIMIT 1')
    assert status == 200


def test_a_runaway_query_times_out_while_others_are_answered(endpoint):
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(get, endpoint, CROSS_PRODUCT)
        time.sleep(0.2)
        quick = [get(endpoint, CEOS)[0] for _ in range(3)]
        status, _, body = slow.result()
    assert quick == [200, 200, 200]
    assert status == 503 and b"stopped" in body
    assert get(endpoint, CEOS)[0] == 200  # the worker was replaced


def test_bad_queries_and_paths_get_clear_errors(endpoint):
    status, _, body = get(endpoint, "SELECT WHERE {")
    assert status == 400 and body.startswith(b"SPARQL error")
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"more than 50 rows" in body
    assert call(f"{endpoint}/nothing")[0] == 404
    assert call(f"{endpoint}/sparql")[0] == 400


def test_the_query_page_is_served(endpoint):
    status, media_type, body = call(f"{endpoint}/")
    assert status == 200 and media_type.startswith("text/html") and b"/sparql" in body


def test_eight_clients_times_two_hundred_queries_with_a_runaway_among_them(endpoint, capsys):
    queries = [CEOS, "ASK { ?s kg:investedIn ?o }",
               "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 5",
               "SELECT ?label WHERE { ?e a kg:Organization ; rdfs:label ?label } ORDER BY ?label LIMIT 20"]

    def client(number: int) -> list[tuple[int, float]]:
        timings = []
        for i in range(200):
            started = time.perf_counter()
            status = get(endpoint, queries[(number + i) % len(queries)])[0]
            timings.append((status, time.perf_counter() - started))
        return timings

    with ThreadPoolExecutor(9) as pool:
        runaway = pool.submit(get, endpoint, CROSS_PRODUCT)
        results = [timing for each in pool.map(client, range(8)) for timing in each]
        runaway_status = runaway.result()[0]
    statuses = {status for status, _ in results}
    latencies = sorted(seconds * 1000 for _, seconds in results)
    p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    with capsys.disabled():
        print(f"\nkg serve under load: {len(results)} queries from 8 clients, p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
              f"runaway query answered {runaway_status}")
    assert statuses == {200} and len(results) == 1600
    assert runaway_status == 503
