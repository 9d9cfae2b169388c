"""axe-core in the browser tests: run the vendored axe (tests/e2e/vendor/axe.min.js, MPL-2.0)
over the page's accessibility DOM (Flutter's semantics tree must be on) and sort the findings.

Flutter web draws on a canvas; what axe can judge is the semantics DOM the app exposes
(roles, names, states, identifiers): unnamed buttons and fields, duplicate ids, ARIA misuse.
Contrast and target size it cannot measure there (the headless walk and the theme tests do).
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
BLOCKING = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def run_axe(page) -> list[dict]:
    """The violations on the page now: [{id, impact, help, nodes: [html...]}]."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.html.slice(0, 160))}));
    }""", TAGS)
    return result


def split(violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """(serious and critical ones, the rest)."""
    bad = [v for v in violations if v["impact"] in BLOCKING]
    return bad, [v for v in violations if v["impact"] not in BLOCKING]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}x)\n    "
                     + "\n    ".join(v["nodes"][:4]) for v in violations)
