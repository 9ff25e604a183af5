"""A progress bar for long runs: the stage and the file it is on, on stderr, only when stderr
is a terminal (never in CI, in tests or through a pipe). GWR_PROGRESS=off turns it off."""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterable, Iterator, TypeVar

from generator.messages import group

T = TypeVar("T")
MIN_ITEMS = 50  # shorter runs finish before a bar is worth reading
INTERVAL = 0.2  # seconds between redraws


def enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("GWR_PROGRESS", "").lower() != "off"


def track(items: Iterable[T], total: int, stage: str, label: Callable[[T], str] | None = None) -> Iterator[T]:
    """Yield `items`, drawing a bar of `total` steps named by the stage (a key of the
    `progress` group in messages.yml) with the current item's label."""
    if not enabled() or total < MIN_ITEMS:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=group("progress")[stage], file=sys.stderr, leave=False, dynamic_ncols=True,
              mininterval=INTERVAL) as bar:
        for x in items:
            if label:
                bar.set_postfix_str(label(x), refresh=False)
            yield x
            bar.update()
