import pytest

from db.model.shards import Shards, shard_of


def test_a_guild_is_on_the_shard_of_its_timestamp_bits_not_its_low_bits() -> None:
    assert shard_of(7 << 22, 4) == 3
    assert shard_of(7 << 22 | 0x3FFFFF, 4) == 3
    assert shard_of(1_200_000_000_000_000_100, 1) == 0


def test_a_process_owns_exactly_the_guilds_on_its_shards() -> None:
    shards = Shards((0, 1), 4)
    guilds = [shard << 22 | 12345 for shard in range(8)]
    assert [shards.owns(guild) for guild in guilds] == [
        True, True, False, False, True, True, False, False,
    ]  # fmt: skip


def test_disjoint_shards_that_cover_the_count_own_every_guild_once() -> None:
    processes = [Shards((0, 1), 4), Shards((2,), 4), Shards((3,), 4)]
    for guild in range(0, 10_000 << 22, 977 << 22):
        assert sum(shards.owns(guild) for shards in processes) == 1


def test_the_share_of_a_limit_follows_the_shards_and_never_adds_up_to_more() -> None:
    assert Shards((0, 1), 4).share_of(45) == 22
    assert Shards((2,), 4).share_of(45) == 11
    assert Shards.every(4).share_of(45) == 45
    parts = [Shards((shard,), 7).share_of(45) for shard in range(7)]
    assert sum(parts) <= 45


def test_a_share_is_at_least_one_request_a_second() -> None:
    assert Shards((0,), 100).share_of(45) == 1


@pytest.mark.parametrize(
    ("shards", "words"),
    [
        (Shards((0, 1), 4), "shards 0-1 of 4"),
        (Shards((2,), 4), "shard 2 of 4"),
        (Shards((0, 2, 5, 6, 7), 8), "shards 0, 2, 5-7 of 8"),
        (Shards.every(4), "all 4 shards"),
        (Shards.every(1), "the only shard"),
    ],
)
def test_shards_are_described_as_an_operator_writes_them(shards: Shards, words: str) -> None:
    assert shards.describe() == words


@pytest.mark.parametrize(
    ("ids", "count"),
    [((), 4), ((4,), 4), ((-1,), 4), ((1, 1), 4), ((2, 1), 4), ((0,), 0)],
)
def test_impossible_shards_are_refused(ids: tuple[int, ...], count: int) -> None:
    with pytest.raises(ValueError, match="shard"):
        Shards(ids, count)
