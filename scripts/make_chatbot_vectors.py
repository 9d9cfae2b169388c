"""Embed the chatbot's knowledge with multilingual-e5 and write
myg_app/server/chatbot/data/vectors.npz, keyed by passage and a hash of its text: the FAQ, the
function catalog, and the departments and bookable places of a freshly seeded database (what a
new installation holds; news is matched by its words only).

Run after editing data/faq.json or the catalog: `uv run python -m scripts.make_chatbot_vectors`.
The server embeds any passage whose text changed by itself (once per process, ~50 ms each),
so a stale file is slower, never wrong."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from myg_app.server.chatbot import knowledge, retrieval
from myg_app.server.welfare import semantic


def demo_sessionmaker(root: Path):
    """A migrated, demo-seeded SQLite database in `root` (what a new installation holds)."""
    from myg_app.server.config import Settings
    from myg_app.server.db import make_engine, make_sessionmaker, migrate
    from myg_app.server.seed import seed_demo

    settings = Settings(data_dir=root, secret_key="vectors-0123456789abcdefghijklmnopqr",
                        demo_password="vectors-pass-1", password_hash_fast=True)
    migrate(settings)
    seed_demo(settings)
    return make_sessionmaker(make_engine(settings.effective_database_url))


def seeded() -> list[knowledge.Passage]:
    with tempfile.TemporaryDirectory() as d, demo_sessionmaker(Path(d))() as s:
        return [p for p in knowledge.from_database(s) if p.kind != "news"]


def main() -> None:
    passages = list(knowledge.static()) + seeded()
    vectors = semantic.embed_passages([retrieval.passage_text(p) for p in passages])
    np.savez_compressed(
        retrieval.VECTORS_FILE, keys=np.array([p.key for p in passages]),
        hashes=np.array([retrieval.passage_hash(p) for p in passages]),
        vectors=vectors.astype(np.float16))
    print(f"{len(passages)} passages -> {retrieval.VECTORS_FILE}")


if __name__ == "__main__":
    main()
