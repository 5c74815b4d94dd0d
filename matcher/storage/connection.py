"""The connection type repositories accept: a plain connection or one borrowed from a pool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

if TYPE_CHECKING:
    Connection: TypeAlias = asyncpg.Connection[Any] | PoolConnectionProxy[Any]
else:  # asyncpg's classes are generic only in its stubs
    Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
