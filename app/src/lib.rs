//! The Social Summit Tracker's user interface: routes, pages, components and the
//! server functions they call. Built twice: with `ssr` into the server, with
//! `hydrate` into the browser's wasm.

#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod admin;
pub mod api;
pub mod auth;
pub mod components;
pub mod edit;
pub mod error;
pub mod model;
pub mod pages;
pub mod root;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod storage;

pub use root::{shell, App};
