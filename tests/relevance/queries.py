"""The labelled welfare-search relevance set (see README.md in this folder)."""
from __future__ import annotations

import json
from pathlib import Path

PATH = Path(__file__).with_name("welfare_queries.json")


def load() -> list[dict]:
    """Every entry: q, region ("gwangyang" | "all"), relevant (service ids), kind, note."""
    with PATH.open(encoding="utf-8") as f:
        return json.load(f)
