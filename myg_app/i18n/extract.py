"""Find the texts the app shows: every Korean string literal in the client's code that is
not data (compared, used as a key, searched for), and every `tr(...)` template.

`python -m myg_app.i18n.extract` prints the ids missing from a language's catalog; the test
tests/unit/test_i18n_catalog.py fails on them, and on an f-string with Korean written outside
`tr()` (its formatted text could never be found in the catalog).
"""
from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from myg_app import i18n

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "client"
# Korean that is not UI text: the on-screen keyboard's letters and the Hangul algorithms.
EXEMPT_FILES = frozenset({"hangul.py", "keyboard.py"})
HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
# Calls whose string arguments are searched for or parsed, not shown.
_DATA_CALLS = frozenset({"startswith", "endswith", "split", "rsplit", "replace", "find", "rfind",
                         "index", "strip", "lstrip", "rstrip", "count", "removeprefix",
                         "removesuffix", "partition", "rpartition", "compile", "match",
                         "search", "fullmatch", "sub", "debug", "info", "warning", "exception",
                         "getattr"})


@dataclass(frozen=True)
class Found:
    text: str
    path: Path
    line: int
    fstring: bool = False  # an f-string outside tr(): a violation


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _call_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


# Module constants that are data: search words and the departments that own functions.
DATA_NAMES = frozenset({"KEYWORDS", "OWNERS"})


def _in_data_constant(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    up = node
    while up in parents:
        up = parents[up]
        if isinstance(up, ast.Assign | ast.AnnAssign):
            targets = up.targets if isinstance(up, ast.Assign) else [up.target]
            return any(getattr(t, "id", None) in DATA_NAMES for t in targets)
    return False


def is_data(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """A literal compared, used as a dict key or index, or searched for: data, not UI."""
    if _in_data_constant(node, parents):
        return True
    parent = parents.get(node)
    if isinstance(parent, ast.Compare | ast.Subscript | ast.MatchValue):
        return True
    if isinstance(parent, ast.Dict) and node in parent.keys:
        return True
    if isinstance(parent, ast.Call) and node in parent.args and _call_name(parent) in _DATA_CALLS:
        return True
    if isinstance(parent, ast.Expr):  # a bare string: a docstring or a comment
        return True
    if isinstance(parent, ast.Tuple | ast.List | ast.Set) and isinstance(
            parents.get(parent), ast.Compare):
        return True  # `x in ("접수", "처리중")`
    return False


def _is_tr(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and _call_name(node) == "tr"


def scan_source(source: str, path: Path) -> Iterator[Found]:
    tree = ast.parse(source)
    parents = _parents(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            if isinstance(parents.get(node), ast.JoinedStr | ast.FormattedValue):
                continue
            shown = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if HANGUL.search(shown) and not is_data(node, parents):
                yield Found(ast.unparse(node), path, node.lineno, fstring=True)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            parent = parents.get(node)
            if isinstance(parent, ast.JoinedStr) or not HANGUL.search(node.value):
                continue
            if _is_tr(parent) and parent.args and parent.args[0] is node:
                yield Found(node.value, path, node.lineno)
            elif not is_data(node, parents):
                yield Found(node.value, path, node.lineno)


def scan(root: Path = CLIENT) -> list[Found]:
    """The client's texts, and the function catalog's (names and summaries on every menu)."""
    out: list[Found] = []
    paths = sorted(root.rglob("*.py")) + ([ROOT / "catalog.py"] if root == CLIENT else [])
    for path in paths:
        if path.name in EXEMPT_FILES:
            continue
        out.extend(scan_source(path.read_text(encoding="utf-8"), path))
    return out


def ids(found: list[Found]) -> list[str]:
    """The catalog ids, in order of first appearance, without duplicates."""
    seen: dict[str, None] = {}
    for f in found:
        if not f.fstring:
            seen.setdefault(f.text, None)
    return list(seen)


def missing(lang: str, found: list[Found] | None = None) -> list[str]:
    have = i18n.catalog(lang)
    return [t for t in ids(found if found is not None else scan()) if not have.get(t)]


if __name__ == "__main__":
    lang = sys.argv[1] if len(sys.argv) > 1 else "en"
    json.dump(missing(lang), sys.stdout, ensure_ascii=False, indent=1)
    print()


SERVER_ROOTS = (ROOT / "server", ROOT / "contracts")
_PROBLEMS = ROOT / "server" / "problems.py"


def _error_classes(trees: list[ast.AST]) -> set[str]:
    """AppError and its subclasses (by name, across the server), plus the messages that end up
    in a problem: ValueError from validators, FieldError entries, problem_response."""
    names = {"AppError"}
    changed = True
    while changed:
        changed = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        getattr(b, "id", getattr(b, "attr", "")) in names for b in node.bases):
                    names.add(node.name)
                    changed = True
    return names


@cache  # the tests ask for it several times; the source does not change in a run
def scan_server() -> list[Found]:
    """The server's problem messages: what AppError (and subclasses) and validators say, the
    class-level `detail`s, problems.py's titles and field messages, and msg() templates."""
    paths = [p for root in SERVER_ROOTS for p in sorted(root.rglob("*.py"))
             if "migrations" not in p.parts]
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in paths}
    errors = _error_classes(list(trees.values()))
    sinks = errors | {"ValueError", "FieldError", "problem_response", "msg"}
    out: list[Found] = []

    def korean(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and HANGUL.search(node.value):
            return node.value
        return None

    for path, tree in trees.items():
        parents = _parents(tree)
        for node in ast.walk(tree):
            if path == _PROBLEMS and (text := korean(node)) is not None:
                if not isinstance(parents.get(node), ast.JoinedStr | ast.Expr):
                    out.append(Found(text, path, node.lineno))
                continue
            if isinstance(node, ast.Call) and _call_name(node) in sinks:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    if (text := korean(arg)) is not None:
                        out.append(Found(text, path, arg.lineno))
                    elif isinstance(arg, ast.JoinedStr) and HANGUL.search(ast.unparse(arg)):
                        out.append(Found(ast.unparse(arg), path, arg.lineno, fstring=True))
            elif isinstance(node, ast.ClassDef) and node.name in errors:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None \
                            and (text := korean(stmt.value)) is not None:
                        out.append(Found(text, path, stmt.lineno))
    return out


LABEL_ROOTS = (ROOT / "contracts", ROOT / "gwangyang")
LABEL_MAX = 40  # longer module constants are explanations the server sends as content


@cache
def scan_labels() -> list[Found]:
    """Names the server sends and the app shows as they are: statuses, categories, kinds of
    alert, 읍면동 and departments (module-level constants of the contracts and gwangyang/)."""
    out: list[Found] = []
    for root in LABEL_ROOTS:
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            parents = _parents(tree)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and HANGUL.search(node.value) and len(node.value) <= LABEL_MAX):
                    continue
                up, inside = node, False
                while up in parents:
                    up = parents[up]
                    if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                        inside = True
                        break
                if not inside and not isinstance(parents.get(node), ast.Expr | ast.JoinedStr):
                    out.append(Found(node.value, path, node.lineno))
    return out


# Where Vietnamese and Chinese are complete (issue 17): home, the menus, settings, chat,
# reports and alerts, with the widgets and the frame every screen shares.
EVERY_LANGUAGE = ("client/features/home.py", "client/features/full_menu.py",
                  "client/features/menu_edit.py", "client/features/settings.py",
                  "client/features/chat/", "client/features/reports/", "client/features/alerts/",
                  "client/widgets/", "client/features/layout.py", "client/app.py", "catalog.py",
                  "client/features/screens.py", "client/features/registry.py",
                  "client/features/feature.py", "client/routing.py", "client/voice.py",
                  "client/features/account.py", "client/features/notices.py",
                  "server/problems.py", "gwangyang/dongs.py")


def in_every_language(found: Found) -> bool:
    return str(found.path.relative_to(ROOT)).startswith(EVERY_LANGUAGE)
