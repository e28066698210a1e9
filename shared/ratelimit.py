"""Rate limiting (OWASP API4): 429 with `Retry-After`, per client and per address.

- Repeated authentication failures: once an address (or a presented key) has failed
  `rate_auth_failures` times in the window, its further requests are 429 *before* the key is
  checked, so the 401s stop long before 400 bad keys in a row.
- Expensive endpoints (NIK resolution, bulk uploads, batch evaluation, invoice imports) carry
  the `expensive` dependency: `rate_expensive` per client key and `rate_expensive_per_address`
  per address.

Counters are moving windows of the `limits` library in process memory: each API replica counts
on its own, so with N replicas a client may get up to N times the limit (a shared store such as
Redis is a `limits` storage URI away; documented in docs/ARCHITECTURE.md)."""
from __future__ import annotations

import hashlib
import math
import time

from fastapi import Request
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException


class RateLimits:
    def __init__(self, auth_failures: str, expensive: str, expensive_per_address: str):
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.auth_failures, self.expensive = parse(auth_failures), parse(expensive)
        self.expensive_per_address = parse(expensive_per_address)
        self._last_auth_failure = -math.inf  # time.time() of the newest failed authentication

    @classmethod
    def of(cls, request: Request) -> RateLimits:
        """The app's limits (made on first use from its settings)."""
        state = request.app.state
        if getattr(state, "rate_limits", None) is None:
            settings = state.runtime.settings
            state.rate_limits = cls(settings.rate_auth_failures, settings.rate_expensive,
                                    settings.rate_expensive_per_address)
        return state.rate_limits

    def before_authentication(self, request: Request) -> None:
        """429 for an address or a key that failed authentication too often lately. With no failure at
        all within the window no counter can be spent, so the usual request skips the counters."""
        if time.time() - self._last_auth_failure > self.auth_failures.get_expiry():
            return
        for key in _identities(request):
            self._refuse_if_spent(self.auth_failures, "auth", key, consume=False)

    def authentication_failed(self, request: Request) -> None:
        self._last_auth_failure = time.time()
        for key in _identities(request):
            self._limiter.hit(self.auth_failures, "auth", key)

    def spend_expensive(self, request: Request) -> None:
        address, key = _identities(request)[0], _key_of(request)
        self._refuse_if_spent(self.expensive_per_address, "expensive", address)
        if key:
            self._refuse_if_spent(self.expensive, "expensive", key)

    def _refuse_if_spent(self, limit, *keys: str, consume: bool = True) -> None:
        allowed = self._limiter.hit(limit, *keys) if consume else self._limiter.test(limit, *keys)
        if not allowed:
            reset = self._limiter.get_window_stats(limit, *keys).reset_time
            retry = max(1, math.ceil(reset - time.time()))
            raise HTTPException(429, f"Terlalu banyak permintaan; coba lagi dalam {retry} detik / too many "
                                     f"requests; retry in {retry} seconds", headers={"Retry-After": str(retry)})


def _key_of(request: Request) -> str | None:
    key = request.headers.get("x-api-key") or request.headers.get("authorization")
    return "key:" + hashlib.sha256(key.encode()).hexdigest() if key else None


def _identities(request: Request) -> list[str]:
    address = "addr:" + (request.client.host if request.client else "unknown")
    key = _key_of(request)
    return [address, key] if key else [address]


async def expensive(request: Request) -> None:
    """Route dependency of an expensive endpoint: counts against its client and address."""
    RateLimits.of(request).spend_expensive(request)
