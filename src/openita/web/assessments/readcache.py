"""Stored result files read through the importer, kept while in use, bounded by bytes.

A dashboard reads the same stored file for its analysis, its history and its checks, so a
worker keeps what it read. What it keeps is bounded by the bytes of the files it was read
from (:data:`MAX_BYTES`), not by a count of entries: a count lets a few large files hold a
worker's memory (issue 10). The least recently used entries go first; one file larger than
the whole budget is read and returned but not kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Value = TypeVar("Value")

#: Budget of one worker's cache: the summed size of the files its entries were read from.
MAX_BYTES = 16 * 1024 * 1024


@dataclass
class ByteBoundedCache(Generic[Value]):
    """Values made from bytes, keyed by the bytes' digest and a label, at most ``budget`` bytes."""

    budget: int = MAX_BYTES
    _entries: OrderedDict[tuple[str, str], tuple[int, Value]] = field(default_factory=OrderedDict)
    _size: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def size(self) -> int:
        """The bytes counted against the budget now."""
        return self._size

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, data: bytes, label: str, make: Callable[[], Value]) -> Value:
        key = (hashlib.sha256(data).hexdigest(), label)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found[1]
        value = make()
        weight = len(data)
        if weight > self.budget:
            return value
        with self._lock:
            if key not in self._entries:
                self._entries[key] = (weight, value)
                self._size += weight
            while self._size > self.budget:
                _key, (old, _value) = self._entries.popitem(last=False)
                self._size -= old
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
