"""Failed sign-ins counted per address: after ``limit`` failures within ``window`` the address
is refused (429) until the oldest of them is ``window`` old.

The count lives in this process's memory: each web process keeps its own, so N processes
allow up to N × ``limit`` guesses an address per window (documented in docs/accounts.md), and
a restart forgets. Argon2's cost (~0.2 s a check) bounds the rate anyway."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

LIMIT = 10
WINDOW = 15 * 60.0  # seconds
MAX_ADDRESSES = 100_000  # beyond this the oldest entries are dropped (memory stays bounded)


class Throttle:
    """Failures per address in a sliding window."""

    def __init__(
        self,
        limit: int = LIMIT,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float]:
        seen = self._failures.get(address)
        if seen is None:
            return deque()
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if not seen:
            del self._failures[address]
        return seen

    def wait(self, address: str) -> float:
        """Seconds until ``address`` may try again; 0 when it may now."""
        with self._lock:
            now = self.clock()
            seen = self._recent(address, now)
            if len(seen) < self.limit:
                return 0.0
            return max(seen[0] + self.window - now, 0.0)

    def failed(self, address: str) -> None:
        """Count a failed sign-in from ``address``."""
        with self._lock:
            now = self.clock()
            seen = self._recent(address, now)
            if address not in self._failures:
                if len(self._failures) >= MAX_ADDRESSES:
                    del self._failures[next(iter(self._failures))]
                self._failures[address] = seen
            seen.append(now)

    def succeeded(self, address: str) -> None:
        """A successful sign-in clears the address's count."""
        with self._lock:
            self._failures.pop(address, None)
