"""A WebSub hub on the loopback interface: records the pings it accepts and, like a real hub,
can fetch each pinged feed at once (what the hub then got is in `fetched`)."""

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Hub:
    """Answers each POST with the next status of `statuses` (then 204) and records it."""

    def __init__(self, fetch=False):
        self.statuses, self.pings = [], []
        self.fetched = []  # (topic, body) when fetch=True
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                status = hub.statuses.pop(0) if hub.statuses else 204
                if status < 300:
                    hub.pings.append(form)
                    if fetch:
                        topic = form["hub.url"][0]
                        with urllib.request.urlopen(topic, timeout=10) as answer:
                            hub.fetched.append((topic, answer.read().decode()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def topics(self):
        return {p["hub.url"][0] for p in self.pings if p.get("hub.mode") == ["publish"]}

    def close(self):
        self.server.shutdown()
        self.server.server_close()
