"""A time budget per document (`Options.time_budget`), checked between the stages.

Every stage runs in linear time, so a budget is a second line of defence: it turns a page
that would take too long into a clear error the caller can report and skip. The deadline is
a value handed from stage to stage, not global state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

__all__ = ["Deadline", "OverBudget"]


class OverBudget(TimeoutError):
    """Cleaning one document took longer than `Options.time_budget` seconds."""

    def __init__(self, budget: float, stage: str) -> None:
        super().__init__(f"over the time budget of {budget:g} s (stopped after {stage})")
        self.budget = budget
        self.stage = stage

    def __reduce__(self) -> tuple[type[OverBudget], tuple[float, str]]:
        return (type(self), (self.budget, self.stage))  # picklable, for worker processes


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the budget of one document runs out (`at`, on the monotonic clock)."""

    at: float | None = None
    budget: float = 0.0

    @classmethod
    def after(cls, budget: float | None) -> Deadline:
        """A deadline `budget` seconds from now; None: no deadline.

        >>> Deadline.after(None).check("segment")  # never over
        >>> Deadline.after(-1.0).check("segment")
        Traceback (most recent call last):
        ...
        cleaners.budget.OverBudget: over the time budget of -1 s (stopped after segment)
        """
        return cls() if budget is None else cls(time.monotonic() + budget, budget)

    def check(self, stage: str) -> None:
        """Raise OverBudget if the budget ran out; `stage` names what just finished."""
        if self.at is not None and time.monotonic() > self.at:
            raise OverBudget(self.budget, stage)
