"""정책 제안's state machine, without a database: what may follow what."""
from __future__ import annotations

import pytest

from myg_app.contracts import proposal as c
from myg_app.server.proposal import rules


def test_threshold_moves_only_a_collecting_proposal():
    assert rules.reaches_review("collecting", 50, 50)
    assert not rules.reaches_review("collecting", 49, 50)
    for state in ("review", "answered", "executing", "done", "expired"):
        assert not rules.reaches_review(state, 500, 50)


def test_support_and_answer_states():
    assert [s for s in c.STATE_NAMES if rules.may_support(s)] == ["collecting"]
    assert [s for s in c.STATE_NAMES if rules.may_answer(s)] == ["review"]
    for d in c.DECISION_NAMES:
        assert rules.answer_state(d) == "answered"
    with pytest.raises(ValueError):
        rules.answer_state("maybe")


@pytest.mark.parametrize("state,decision,done,expected", [
    ("answered", "adopted", False, "executing"),
    ("answered", "partial", True, "done"),
    ("executing", "adopted", False, "executing"),
    ("executing", "adopted", True, "done"),
    ("done", "adopted", False, "done"),
    ("answered", "rejected", False, None),
    ("review", None, False, None),
    ("collecting", None, True, None),
    ("expired", None, False, None),
])
def test_progress_only_after_adoption(state, decision, done, expected):
    assert rules.progress_target(state, decision, done) == expected


def test_settings_defaults_and_environment(monkeypatch):
    s = rules.ProposalSettings()
    assert (s.support_threshold, s.window_days) == (50, 30)
    monkeypatch.setenv("MYG_PROPOSAL_SUPPORT_THRESHOLD", "7")
    assert rules.ProposalSettings().support_threshold == 7


def test_every_state_and_decision_has_a_korean_name():
    assert c.STATE_NAMES == {"collecting": "공감모집", "review": "검토중", "answered": "답변완료",
                             "executing": "실행중", "done": "완료", "expired": "기간만료"}
    assert set(c.DECISION_NAMES.values()) == {"채택", "부분채택", "불채택"}
