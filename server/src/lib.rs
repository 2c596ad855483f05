//! The Social Summit Tracker's server: configuration, storage and HTTP.
//! `main.rs` only starts it; tests start it too (see `tests/support`).

// Leptos view types of the larger pages nest deeply.
#![recursion_limit = "512"]

pub mod brief;
pub mod config;
pub mod http;
pub mod mail;
pub mod map;
pub mod oidc;
pub mod serve;
pub mod sheets;
pub mod startup;
pub mod storage;
