"""The 정책 제안 state machine and its settings, with no database: what may follow what.

collecting (공감모집) -> review (검토중): the support threshold reached within the window
collecting -> expired (기간만료): the window ended below the threshold (the job)
review -> answered (답변완료): an officer's decision (채택 / 부분채택 / 불채택) with a reason
answered (채택, 부분채택) -> executing (실행중) -> done (완료): progress updates
executing and done carry further progress updates; 불채택 and 기간만료 are final."""
from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.contracts import proposal as c


class ProposalSettings(BaseSettings):
    """MYG_PROPOSAL_* : the thresholds and limits an operator sets."""

    model_config = SettingsConfigDict(env_prefix="MYG_PROPOSAL_", extra="ignore")

    support_threshold: int = Field(default=50, ge=1, le=1_000_000)
    window_days: int = Field(default=30, ge=1, le=365)
    answer_days: int = Field(default=14, ge=1, le=365)  # the department's answer deadline
    max_per_day: int = Field(default=3, ge=1)  # proposals per citizen per 24 hours
    comments_per_window: int = Field(default=10, ge=1)  # comments per citizen per window
    comment_window_minutes: int = Field(default=10, ge=1)
    job_every_s: float = Field(default=600.0, gt=0)


TERMINAL = frozenset({"expired", "done"})


def reaches_review(state: str, supports: int, threshold: int) -> bool:
    return state == "collecting" and supports >= threshold


def may_support(state: str) -> bool:
    return state == "collecting"


def may_answer(state: str) -> bool:
    return state == "review"


def answer_state(decision: str) -> str:
    if decision not in c.DECISION_NAMES:
        raise ValueError(decision)
    return "answered"


def progress_target(state: str, decision: str | None, done: bool) -> str | None:
    """The state after a progress update, or None when no update is allowed."""
    if decision not in ("adopted", "partial"):
        return None
    if state in ("answered", "executing"):
        return "done" if done else "executing"
    if state == "done":
        return "done"  # a follow-up note on finished work
    return None
