"""The words the generator shows a person, from generator/data/messages.yml.

    messages.say("read.decode_failed", encoding="gb18030", offset=12)

A key is `group.name`; the fields fill the template's named placeholders. A whole group
(the stage names, the severities) is read with `group("stage")`.
"""

from __future__ import annotations

from generator import data


def say(key: str, **fields: object) -> str:
    """The message `key` with its placeholders filled from `fields`."""
    group, _, name = key.partition(".")
    return data.load("messages")[group][name].format(**fields)


def group(name: str) -> dict[str, str]:
    """Every message of one group, by key (templates without placeholders)."""
    return data.load("messages")[name]
