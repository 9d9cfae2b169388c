"""Where a figure on an information screen (날씨, 버스, 병원·약국) comes from and how old it is.

Every answer built on a national public-data API carries one `SourceInfo`: the screen shows
its `age_text` ("14:00 발표, 35분 전") under the figures and its `notice`, when there is one,
above them: an earlier answer served while the API fails or is being asked again, or bundled
sample data because the server has no key for the API (never presented as real)."""
from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel

SourceKind = Literal["live", "sample"]


class SourceInfo(BaseModel):
    name: str  # "기상청 단기예보": who published the figures
    kind: SourceKind  # sample: bundled example data, not the real current figures
    published_at: AwareDatetime | None = None  # when the source published it, if it says
    fetched_at: AwareDatetime | None = None  # when the server got it from the source
    age_text: str  # "14:00 발표, 35분 전" / "예시 자료"
    stale: bool = False  # the source failed or is slow: this is an earlier answer
    notice: str | None = None  # a line for people when stale or a sample; None otherwise
