-- What several instances on one database share besides the data itself.

-- The data version: goes up by one in every write that changes public data,
-- in the write's own transaction. Caches (each instance's, and HTTP caches
-- through the ETag) compare it; instances learn of a new one by NOTIFY
-- (PostgreSQL) and by reading it every few seconds.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

-- Failed sign-ins, as token buckets counted by every instance together
-- (app::services::limits): `full_at` is the instant (Unix milliseconds) the
-- bucket is full again. `key` is a SHA-256 of what it counts (an e-mail
-- address with a client address, a device cookie…), never the text itself.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    full_at BIGINT NOT NULL
);
