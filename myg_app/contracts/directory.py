"""부서 전화 연결: the city's department directory (department, tasks, phone)."""
from __future__ import annotations

from pydantic import BaseModel


class DirectoryEntry(BaseModel):
    id: int
    division: str  # the 국/소 the department belongs to, e.g. "행정복지국"
    department: str  # e.g. "민원봉사과"
    tasks: list[str]  # task words a citizen searches by, e.g. ["여권", "가족관계등록"]
    phone: str  # 061-797-xxxx
    matched: list[str] = []  # the tasks that matched the search words (for highlighting)


class DirectoryList(BaseModel):
    items: list[DirectoryEntry]
    query: str = ""
