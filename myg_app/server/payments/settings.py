"""Payment settings (env prefix MYG_PAYMENT_): kept apart from the app's Settings on purpose,
so the gateway's secret lives in one small place and the card method is switched on here."""
from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PaymentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_PAYMENT_", extra="ignore")

    # "none": bank transfer only (the embedded default). "toss": card payments through
    # Toss Payments as well (needs the keys below).
    card_provider: Literal["none", "toss"] = "none"
    toss_base_url: str = "https://api.tosspayments.com"
    # repr=False: secrets must never reach a log line or a traceback.
    toss_secret_key: str | None = Field(default=None, repr=False)
    toss_client_key: str | None = None
    toss_timeout_seconds: float = Field(default=10.0, gt=0)
    # This server's public address: the card checkout page and the gateway's redirects
    # (successUrl / failUrl) are built from it.
    public_base_url: str = "http://127.0.0.1:8550"

    # The city's collection account for virtual-account transfers.
    bank_name: str = "NH농협은행"
    account_holder: str = "광양시청"
    account_prefix: str = "790"
    deposit_hours: int = Field(default=72, ge=1)

    # "platform": 광양사랑상품권 / 온누리상품권 through the contracted voucher platform's
    # merchant API (payments/voucher.py), for the functions that take vouchers (the market).
    voucher_provider: Literal["none", "platform"] = "none"
    voucher_base_url: str = "http://127.0.0.1:9"
    voucher_merchant_id: str = ""
    voucher_secret_key: str | None = Field(default=None, repr=False)
    voucher_timeout_seconds: float = Field(default=10.0, gt=0)

    @property
    def voucher_enabled(self) -> bool:
        return (self.voucher_provider == "platform" and bool(self.voucher_secret_key)
                and bool(self.voucher_merchant_id))

    @property
    def card_enabled(self) -> bool:
        return self.card_provider == "toss" and bool(self.toss_secret_key)
