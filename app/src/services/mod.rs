//! The server-only layer under the server functions: storage access, the
//! rules of editing and of accounts, and the assembly of what pages show.
//! Nothing here renders a view; the `server` crate and the server functions
//! call in, never the other way round.

pub mod access_links;
pub mod accounts;
pub mod admin;
pub mod aliases;
pub mod briefs;
pub mod change_text;
pub mod context;
pub mod deadlines;
pub mod editing;
pub mod fragments;
pub mod limits;
pub mod mail;
pub mod map_markup;
pub mod past;
pub mod recent;
pub mod review;
pub mod shared_reads;
pub mod sheets;
pub mod sign_in;
pub mod storage;
pub mod timeline;
pub mod views;
pub mod zone_names;
