"""The importer cache of stored files is bounded by bytes, not by a count of entries."""

from __future__ import annotations

from openita.web.assessments.readcache import ByteBoundedCache


def test_the_cache_keeps_at_most_its_budget_of_bytes_dropping_the_least_recently_used():
    cache: ByteBoundedCache[int] = ByteBoundedCache(budget=1000)
    made: list[int] = []

    def make(n: int):
        return lambda: made.append(n) or n

    for n in range(5):
        cache.get(bytes([n]) * 300, "th", make(n))
    assert cache.size <= 1000 and len(cache) == 3
    cache.get(bytes([2]) * 300, "th", make(99))  # a hit: not made again, now most recent
    cache.get(bytes([9]) * 300, "th", make(9))
    assert made == [0, 1, 2, 3, 4, 9]
    cache.get(bytes([3]) * 300, "th", make(3))  # 3 was the least recently used: dropped
    assert made[-1] == 3 and cache.size <= 1000


def test_a_file_larger_than_the_budget_is_read_but_not_kept():
    cache: ByteBoundedCache[str] = ByteBoundedCache(budget=100)
    assert cache.get(b"x" * 101, "en", lambda: "read") == "read"
    assert len(cache) == 0 and cache.size == 0


def test_the_language_is_part_of_the_key():
    cache: ByteBoundedCache[str] = ByteBoundedCache(budget=100)
    assert cache.get(b"abc", "th", lambda: "th") == "th"
    assert cache.get(b"abc", "en", lambda: "en") == "en"
    assert cache.get(b"abc", "th", lambda: "again") == "th"
