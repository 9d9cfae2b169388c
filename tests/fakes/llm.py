"""A local fake of an OpenAI-compatible chat-completions endpoint (POST /v1/chat/completions),
for the chatbot's optional language model (server/chatbot/llm.py).

Modes: "grounded" answers with the first sentence of the first passage it was given and cites
it as [1]; "invent" adds a fee no passage has; "uncited" leaves the citation out;
"no_answer" says NO_ANSWER; "error" answers 500; "garbage" answers JSON without choices.
Every request is kept (`requests`) so a test can read the prompt the model saw."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.fakes.ports import serving

KEY = "fake-llm-key"


class FakeLlm:
    def __init__(self) -> None:
        self.mode = "grounded"
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str | None] = []
        self._lock = threading.Lock()
        self.app = self._build()

    def _answer(self, prompt: str) -> str:
        first = re.search(r"<자료 1>\n제목: [^\n]*\n내용: ([^\n]*)", prompt)
        sentence = re.split(r"(?<=[.!?])\s", first.group(1))[0] if first else ""
        if self.mode == "no_answer":
            return "NO_ANSWER"
        if self.mode == "invent":
            return f"{sentence} 수수료는 98,765원입니다. [1]"
        if self.mode == "uncited":
            return sentence
        return f"{sentence} [1]"

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def complete(request: Request):
            body = await request.json()
            with self._lock:
                self.requests.append(body)
                self.auth.append(request.headers.get("authorization"))
            if self.mode == "error":
                return JSONResponse({"error": {"message": "overloaded"}}, 500)
            if self.mode == "garbage":
                return JSONResponse({"id": "x"})
            prompt = next((m["content"] for m in body["messages"] if m["role"] == "user"), "")
            return JSONResponse({
                "id": "chatcmpl-fake", "object": "chat.completion", "model": body["model"],
                "choices": [{"index": 0, "finish_reason": "stop", "message": {
                    "role": "assistant", "content": self._answer(prompt)}}]})

        return app


@contextmanager
def serve_fake_llm(fake: FakeLlm) -> Iterator[str]:
    """Yields the API base to put in MYG_LLM_URL (…/v1)."""
    with serving(fake.app, "the fake LLM endpoint") as root:
        yield root + "/v1"
