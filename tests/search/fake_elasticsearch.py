"""A loopback HTTP server that speaks enough of Elasticsearch's protocol for the real client:
it records every request and answers with what the test tells it. No mock of the client."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeElasticsearch:
    def __init__(self):
        self.requests = []  # (method, path, body)
        self.search_response = None
        self.search_status = 200
        self.aliases = {}  # alias -> [index]
        self.documents = {}  # index -> number of documents bulk-loaded
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _body(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if self.path.split("?")[0].endswith("_bulk"):
                    return [json.loads(line) for line in raw.splitlines() if line.strip()]
                return json.loads(raw) if raw else None

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/vnd.elasticsearch+json; compatible-with=8")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _handle(self):
                body = self._body()
                path = self.path.split("?")[0]
                fake.requests.append((self.command, path, body))
                self._answer(*fake.route(self.command, path, body))

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def route(self, method, path, body):
        parts = [p for p in path.split("/") if p]
        if not parts:
            return 200, {
                "name": "fake",
                "cluster_name": "fake",
                "version": {"number": "8.19.0"},
                "tagline": "You Know, for Search",
            }
        if parts[-1] == "_search":
            return self.search_status, self.search_response or {"error": "no response set"}
        if parts[-1] == "_bulk":
            items = []
            for action, _doc in zip(body[::2], body[1::2], strict=True):
                index = action["index"]["_index"]
                self.documents[index] = self.documents.get(index, 0) + 1
                items.append({"index": {"_index": index, "_id": action["index"].get("_id"), "status": 201}})
            return 200, {"took": 1, "errors": False, "items": items}
        if parts[0] == "_alias":
            name = parts[1]
            if name not in self.aliases:
                return 404, {"error": "alias missing", "status": 404}
            return 200, {index: {"aliases": {name: {}}} for index in self.aliases[name]}
        if parts[0] == "_aliases":
            for action in body["actions"]:
                ((kind, spec),) = action.items()
                indexes = self.aliases.setdefault(spec["alias"], [])
                if kind == "add":
                    indexes.append(spec["index"])
                else:
                    indexes.remove(spec["index"])
            return 200, {"acknowledged": True}
        if len(parts) == 3 and parts[1] == "_doc":
            result = "deleted" if method == "DELETE" else "updated"
            return 200, {
                "_index": parts[0],
                "_id": parts[2],
                "result": result,
                "_version": 1,
                "_shards": {"total": 1, "successful": 1, "failed": 0},
                "_seq_no": 1,
                "_primary_term": 1,
            }
        if parts[-1] == "_refresh":
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if parts[-1] == "_count":
            indexes = self.aliases.get(parts[0], [parts[0]])
            return 200, {"count": sum(self.documents.get(i, 0) for i in indexes)}
        if method == "PUT" and len(parts) == 1:
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": parts[0]}
        if method == "DELETE" and len(parts) == 1:
            self.documents.pop(parts[0], None)
            return 200, {"acknowledged": True}
        return 404, {"error": f"fake does not know {method} {path}", "status": 404}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def bodies(self, suffix):
        return [body for method, path, body in self.requests if path.endswith(suffix)]
