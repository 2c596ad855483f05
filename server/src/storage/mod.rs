//! Storage: the database behind the `app::storage::Storage` interface.
//!
//! `DATABASE_URL` picks the backend. SQLite is the embedded default; the
//! interface lets a PostgreSQL implementation slot in beside it.

pub mod collation;
pub mod seed;
pub mod sqlite;

pub use sqlite::SqliteStorage;
