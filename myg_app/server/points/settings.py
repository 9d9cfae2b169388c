"""The points rules, from `MYG_POINTS_*` environment variables (e.g.
MYG_POINTS_SURVEY_ANSWERED_AMOUNT=100, MYG_POINTS_SURVEY_ANSWERED_DAILY_CAP=300,
MYG_POINTS_YOUNG_BONUS_PERCENT=50, MYG_POINTS_EXPIRY_YEARS=5,
MYG_POINTS_VOUCHER_PROVIDER_URL=https://…). A cap of 0 means no cap; an amount of 0 turns the
rule off. `earn()` has no request, so the rules are read here, once per process
(`points_settings.cache_clear()` after changing the environment, e.g. in a test)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

RULES: tuple[str, ...] = ("survey_answered", "proposal_adopted", "report_completed", "campaign")

RULE_NAMES: dict[str, str] = {
    "survey_answered": "설문조사·정책투표 참여",
    "proposal_adopted": "정책 제안 채택",
    "report_completed": "생활불편 신고 처리 완료",
    "campaign": "캠페인 인증",
}


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    amount: int
    daily_cap: int  # 0: none
    total_cap: int  # 0: none
    young_bonus: bool


class PointsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_POINTS_", extra="ignore")

    survey_answered_amount: int = Field(default=100, ge=0)
    survey_answered_daily_cap: int = Field(default=300, ge=0)
    survey_answered_total_cap: int = Field(default=10_000, ge=0)
    proposal_adopted_amount: int = Field(default=1_000, ge=0)
    proposal_adopted_daily_cap: int = Field(default=3_000, ge=0)
    proposal_adopted_total_cap: int = Field(default=20_000, ge=0)
    report_completed_amount: int = Field(default=200, ge=0)
    report_completed_daily_cap: int = Field(default=600, ge=0)
    report_completed_total_cap: int = Field(default=10_000, ge=0)
    campaign_amount: int = Field(default=500, ge=0)
    campaign_daily_cap: int = Field(default=1_000, ge=0)
    campaign_total_cap: int = Field(default=5_000, ge=0)

    # 청년 참여: residents aged 만 19-39 get this share of a rule's amount on top, within caps.
    young_bonus_percent: int = Field(default=50, ge=0, le=1_000)
    young_min_age: int = Field(default=19, ge=0)
    young_max_age: int = Field(default=39, ge=0)
    # Which rules carry the bonus (comma separated).
    young_bonus_rules: str = "survey_answered,proposal_adopted,report_completed,campaign"

    expiry_years: int = Field(default=5, ge=1, le=50)
    expiring_soon_days: int = Field(default=90, ge=1)

    # Redemption: 1 point = 1원. A voucher is issued in units of `voucher_unit`.
    voucher_unit: int = Field(default=1_000, ge=1)
    voucher_min: int = Field(default=1_000, ge=1)
    donation_min: int = Field(default=100, ge=1)
    # The city's welfare foundation as the operator names it (MYG_POINTS_DONATION_RECIPIENT);
    # the default says it is an example rather than guess the foundation's official name.
    donation_recipient: str = "광양시 복지재단(예시)"
    # A real 광양사랑상품권 provider (adapter in vouchers.py); unset: the embedded issuer.
    voucher_provider_url: str | None = None
    voucher_provider_key: SecretStr | None = Field(default=None, repr=False)
    voucher_provider_timeout_s: float = Field(default=10.0, gt=0)
    # The key signing a voucher's QR; unset: derived from the app's MYG_SECRET_KEY.
    voucher_signing_key: SecretStr | None = Field(default=None, repr=False)

    def rule(self, name: str) -> Rule:
        if name not in RULES:
            raise ValueError(f"unknown points rule: {name!r}")
        bonus_rules = {r.strip() for r in self.young_bonus_rules.split(",")}
        return Rule(name, getattr(self, f"{name}_amount"), getattr(self, f"{name}_daily_cap"),
                    getattr(self, f"{name}_total_cap"), name in bonus_rules)


@lru_cache(maxsize=1)
def points_settings() -> PointsSettings:
    return PointsSettings()
