"""How well the chatbot finds its answer, on the labelled set chatbot_eval.json:

- source@1: the expected FAQ entry is the first source;
- function: the answer's function_id is the expected one (null included);
- answered: share of in-knowledge questions answered (confident);
- handed over: share of out-of-knowledge questions where confident is false (the bot hands
  over instead of guessing).

    uv run python -m tests.relevance.chatbot_evaluate [--misses]

Runs on a migrated, demo-seeded SQLite database in a temporary directory (the knowledge read
from the database is part of what is searched)."""
from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from myg_app.server.chatbot import bot
from scripts.make_chatbot_vectors import demo_sessionmaker

EVAL = Path(__file__).parent / "chatbot_eval.json"


def load() -> dict:
    return json.loads(EVAL.read_text(encoding="utf-8"))


def evaluate(sessionmaker, misses: bool = False) -> dict[str, float]:
    data = load()
    src = fn = answered = 0
    rows = data["in_knowledge"]
    for row in rows:
        with sessionmaker() as s:
            rep = bot.reply(s, row["q"])
        first = f"{rep.sources[0].kind}:{rep.sources[0].id}" if rep.sources else None
        ok_src, ok_fn = first == row["source"], rep.function_id == row["function_id"]
        src += ok_src and rep.confident
        fn += ok_fn and rep.confident
        answered += rep.confident
        if misses and not (ok_src and ok_fn and rep.confident):
            print(f"MISS {row['q']!r}: want {row['source']} {row['function_id']}, got {first} "
                  f"{rep.function_id} confident={rep.confident}")
    outside = data["out_of_knowledge"]
    handed = 0
    for q in outside:
        with sessionmaker() as s:
            rep = bot.reply(s, q)
        handed += not rep.confident
        if misses and rep.confident:
            first = f"{rep.sources[0].kind}:{rep.sources[0].id}" if rep.sources else None
            print(f"GUESSED {q!r}: {first}")
    return {"in_knowledge": len(rows), "source_at_1": src / len(rows),
            "function_id": fn / len(rows), "answered": answered / len(rows),
            "out_of_knowledge": len(outside), "handed_over": handed / len(outside)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--misses", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        figures = evaluate(demo_sessionmaker(Path(d)), args.misses)
    for k, v in figures.items():
        print(f"{k:>18}: {v:.3f}" if isinstance(v, float) else f"{k:>18}: {v}")


if __name__ == "__main__":
    main()
