//! Server functions: the browser's (and the pages') way to the server.
//! Each is a thin wrapper that checks who asks and calls `services`.

pub mod accounts;
pub mod admin;
pub mod admin_sign_in;
pub mod briefs;
pub mod editing;
pub mod mail;
pub mod reads;
pub mod review;
pub mod sheets;
pub mod sign_in;
