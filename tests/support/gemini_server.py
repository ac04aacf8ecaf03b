"""A loopback HTTP server that speaks enough of the Gemini ``generateContent`` REST protocol.

The real google-genai SDK talks to it through ``HttpOptions(base_url=server.base_url)``.
Every request body is recorded, so tests can prove exactly what left the process. Faults
(429 bursts with Retry-After, 5xx, 400/403, hangs past the client timeout, malformed bodies,
malformed model output, responses carrying PII) are queued per test with :meth:`enqueue`
and consumed one per request, in order.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

__all__ = ["Fault", "GeminiServer", "RecordedRequest", "keyword_label_chooser"]

FaultKind = Literal["status", "hang", "malformed_body", "malformed_text", "text"]

_PATH = re.compile(r"^/(?P<version>v1[a-z0-9]*)/models/(?P<model>[^/:]+):generateContent$")
_BATCH_CREATE = re.compile(r"^/v1[a-z0-9]*/models/(?P<model>[^/:]+):batchGenerateContent$")
_BATCH_GET = re.compile(r"^/v1[a-z0-9]*/(?P<name>batches/[^/?]+)$")


@dataclass(frozen=True)
class Fault:
    """What the server does with one request instead of answering normally."""

    kind: FaultKind
    status: int = 200
    retry_after: str | None = None
    hang_s: float = 5.0
    text: str = ""

    @classmethod
    def http(cls, status: int, *, retry_after: str | None = None) -> Fault:
        return cls(kind="status", status=status, retry_after=retry_after)

    @classmethod
    def hang(cls, seconds: float = 5.0) -> Fault:
        return cls(kind="hang", hang_s=seconds)

    @classmethod
    def malformed_body(cls) -> Fault:
        return cls(kind="malformed_body")

    @classmethod
    def malformed_text(cls, text: str = '{"label": ') -> Fault:
        return cls(kind="malformed_text", text=text)

    @classmethod
    def model_text(cls, text: str) -> Fault:
        """Answer normally, but with this model output (e.g. one that carries PII)."""
        return cls(kind="text", text=text)


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    model: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float

    @property
    def prompt(self) -> str:
        parts = self.body.get("contents", [{}])[0].get("parts", [])
        return "".join(str(p.get("text", "")) for p in parts)


def keyword_label_chooser(prompt: str, labels: list[str]) -> dict[str, float]:
    """Soft labels favouring the first label whose words appear in the prompt's record."""
    record = prompt.rsplit("### Record", 1)[-1].lower()
    chosen = next((lab for lab in labels if lab.lower().replace("_", " ") in record), labels[0])
    rest = (0.3 / (len(labels) - 1)) if len(labels) > 1 else 0.0
    return {lab: (0.7 if lab == chosen else rest) for lab in labels}


def _find_enum(node: Any) -> list[str] | None:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            return [str(v) for v in node["enum"]]
        for value in node.values():
            found = _find_enum(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find_enum(value)
            if found is not None:
                return found
    return None


@dataclass
class GeminiServer:
    """Configure the attributes, start with :meth:`start`, stop with :meth:`stop`."""

    latency_s: float = 0.0
    label_chooser: Callable[[str, list[str]], dict[str, float]] = keyword_label_chooser
    generation_text: Callable[[str], str] = lambda prompt: "Summary: the customer needs help."
    logprobs_supported: bool = True
    requests: list[RecordedRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    #: Batch API: how many GETs of a job answer "running" before it succeeds.
    batch_polls_before_done: int = 1
    batches_created: list[str] = field(default_factory=list)
    _batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    _faults: deque[Fault] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> GeminiServer:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                server._handle(self)

            def do_GET(self) -> None:
                server._handle_batch_get(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def enqueue(self, *faults: Fault) -> None:
        """Apply these faults to the next requests, one each, in order."""
        with self._lock:
            self._faults.extend(faults)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    def bodies_text(self) -> str:
        """Every recorded request body, serialized, for 'nothing leaked' assertions."""
        with self._lock:
            return "\n".join(json.dumps(r.body) for r in self.requests)

    # -- request handling (runs in the server's threads) ------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._handle_counted(handler)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _handle_counted(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", "0"))
        raw = handler.rfile.read(length)
        batch = _BATCH_CREATE.match(handler.path.split("?", 1)[0])
        if batch is not None:
            self._create_batch(handler, batch["model"], json.loads(raw or b"{}"))
            return
        match = _PATH.match(handler.path.split("?", 1)[0])
        if match is None:
            self._send(handler, 404, {"error": {"code": 404, "status": "NOT_FOUND"}})
            return
        body = json.loads(raw or b"{}")
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    path=handler.path,
                    model=match["model"],
                    headers={k.lower(): v for k, v in handler.headers.items()},
                    body=body,
                    received_at=time.monotonic(),
                )
            )
            fault = self._faults.popleft() if self._faults else None
        if self.latency_s:
            time.sleep(self.latency_s)
        if fault is not None and fault.kind == "hang":
            time.sleep(fault.hang_s)
            fault = None
        if fault is not None and fault.kind == "status":
            self._send_error(handler, fault)
            return
        if fault is not None and fault.kind == "malformed_body":
            self._send_raw(handler, 200, b'{"candidates": [ {"content": ')
            return
        config = body.get("generationConfig", {})
        if config.get("responseLogprobs") and not self.logprobs_supported:
            self._send_error(handler, Fault.http(400), "Logprobs is not supported for this model.")
            return
        forced = fault.text if fault is not None else None
        self._send(handler, 200, self._answer(body, config, forced))

    def _answer(self, body: dict[str, Any], config: dict[str, Any], forced: str | None) -> Any:
        prompt = RecordedRequest("", "", {}, body, 0.0).prompt
        labels = _find_enum(config)
        tokens: list[str]
        chosen_index = -1
        probs: dict[str, float] = {}
        if forced is not None:
            tokens = [forced]
        elif labels:
            probs = self.label_chooser(prompt, labels)
            label = max(probs, key=lambda k: probs[k])
            tokens = ['{"', "label", '":', ' "', label, '"}']
            chosen_index = 4
        else:
            tokens = [self.generation_text(prompt)]
        text = "".join(tokens)
        candidate: dict[str, Any] = {
            "content": {"role": "model", "parts": [{"text": text}]},
            "finishReason": "STOP",
            "index": 0,
        }
        if config.get("responseLogprobs"):
            chosen = []
            top = []
            for i, tok in enumerate(tokens):
                if i == chosen_index:
                    lp = math.log(max(probs[tok], 1e-9))
                    alts = sorted(probs.items(), key=lambda kv: -kv[1])
                    alts = alts[: int(config.get("logprobs") or 1)]
                    top.append(
                        {
                            "candidates": [
                                {"token": k, "logProbability": math.log(max(v, 1e-9))}
                                for k, v in alts
                            ]
                        }
                    )
                else:
                    lp = 0.0
                    top.append({"candidates": [{"token": tok, "logProbability": 0.0}]})
                chosen.append({"token": tok, "logProbability": lp})
            candidate["logprobsResult"] = {"chosenCandidates": chosen, "topCandidates": top}
        return {
            "candidates": [candidate],
            "usageMetadata": {
                "promptTokenCount": max(1, len(prompt) // 4),
                "candidatesTokenCount": max(1, len(text) // 4),
                "totalTokenCount": max(1, len(prompt) // 4) + max(1, len(text) // 4),
            },
            "modelVersion": "fake-gemini",
        }

    # -- Batch API (inlined requests only) -----------------------------------------------------

    def _create_batch(
        self, handler: BaseHTTPRequestHandler, model: str, body: dict[str, Any]
    ) -> None:
        items = body["batch"]["inputConfig"]["requests"]["requests"]
        with self._lock:
            name = f"batches/job{len(self._batches) + 1}"
            for item in items:
                self.requests.append(
                    RecordedRequest(
                        path=handler.path,
                        model=model,
                        headers={k.lower(): v for k, v in handler.headers.items()},
                        body=item["request"],
                        received_at=time.monotonic(),
                    )
                )
            self.batches_created.append(name)
            self._batches[name] = {"model": model, "items": items, "polls": 0}
        self._send(handler, 200, self._batch_view(name, done=False))

    def _handle_batch_get(self, handler: BaseHTTPRequestHandler) -> None:
        match = _BATCH_GET.match(handler.path.split("?", 1)[0])
        with self._lock:
            job = self._batches.get(match["name"]) if match else None
            if job is not None:
                job["polls"] += 1
        if match is None or job is None:
            self._send(handler, 404, {"error": {"code": 404, "status": "NOT_FOUND"}})
            return
        done = job["polls"] > self.batch_polls_before_done
        self._send(handler, 200, self._batch_view(match["name"], done=done))

    def _batch_view(self, name: str, *, done: bool) -> dict[str, Any]:
        job = self._batches[name]
        metadata: dict[str, Any] = {
            "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
            "model": f"models/{job['model']}",
            "state": "BATCH_STATE_SUCCEEDED" if done else "BATCH_STATE_RUNNING",
        }
        if done:
            responses = []
            for item in job["items"]:
                request = item["request"]
                config = request.get("generationConfig", {})
                responses.append(
                    {
                        "response": self._answer(request, config, None),
                        "metadata": item.get("metadata"),
                    }
                )
            metadata["output"] = {"inlinedResponses": {"inlinedResponses": responses}}
        return {"name": name, "metadata": metadata, "done": done}

    def _send_error(self, handler: BaseHTTPRequestHandler, fault: Fault, msg: str = "") -> None:
        status = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED"}
        payload = {
            "error": {
                "code": fault.status,
                "message": msg or f"fake error {fault.status}",
                "status": status.get(fault.status, "UNAVAILABLE"),
            }
        }
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._send(handler, fault.status, payload, headers)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._send_raw(handler, status, json.dumps(payload).encode(), headers)

    @staticmethod
    def _send_raw(
        handler: BaseHTTPRequestHandler,
        status: int,
        data: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=UTF-8")
            handler.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return
