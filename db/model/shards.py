"""Which Discord shards a process serves, and so which guilds' alerts and boards are its own.

Discord puts a guild on shard `(guild_id >> 22) % shard_count`: the id's timestamp bits,
spread over the shards. Every process of one bot uses the same rule, so for any guild exactly
one process (the one with that shard) talks to its channels.
"""

from __future__ import annotations

from dataclasses import dataclass

# The bits below a snowflake's timestamp (worker, process, increment): not used to shard.
SNOWFLAKE_TIMESTAMP_SHIFT = 22


def shard_of(guild_id: int, count: int) -> int:
    """The shard Discord sends a guild's events to, among `count`."""
    return (guild_id >> SNOWFLAKE_TIMESTAMP_SHIFT) % count


@dataclass(frozen=True, slots=True)
class Shards:
    """This process's shard ids (sorted, distinct) out of `count` shards in all."""

    ids: tuple[int, ...]
    count: int

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"a bot has at least one shard, not {self.count}")
        if not self.ids:
            raise ValueError("a process serves at least one shard")
        if list(self.ids) != sorted(set(self.ids)):
            raise ValueError(f"shard ids must be distinct and in order, got {self.ids}")
        if self.ids[0] < 0 or self.ids[-1] >= self.count:
            raise ValueError(f"shard ids run from 0 to {self.count - 1}, got {self.ids}")

    @classmethod
    def every(cls, count: int) -> Shards:
        """All `count` shards, in one process."""
        return cls(tuple(range(count)), count)

    @property
    def is_every(self) -> bool:
        return len(self.ids) == self.count

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def share_of(self, limit: int) -> int:
        """This process's part of a limit all the processes share (requests a second): in
        proportion to its shards, rounded down so that the parts never add up to more than
        the whole; at least 1, or the process could send nothing at all."""
        return max(1, limit * len(self.ids) // self.count)

    def describe(self) -> str:
        """For logs and `status`: "shards 0-1 of 4", "shard 2 of 4", "all 4 shards"."""
        if self.is_every:
            return "the only shard" if self.count == 1 else f"all {self.count} shards"
        runs = _runs(self.ids)
        noun = "shard" if len(self.ids) == 1 else "shards"
        return f"{noun} {', '.join(runs)} of {self.count}"


def _runs(ids: tuple[int, ...]) -> list[str]:
    """Consecutive ids written as ranges: (0, 1, 2, 5) -> ["0-2", "5"]."""
    runs: list[str] = []
    start = previous = ids[0]
    for shard_id in (*ids[1:], None):
        if shard_id is not None and shard_id == previous + 1:
            previous = shard_id
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if shard_id is not None:
            start = previous = shard_id
    return runs
