"""Storage: PostgreSQL through asyncpg. All SQL of the engine lives in this package."""
