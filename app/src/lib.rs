//! The Social Summit Tracker's user interface: routes, pages, components and the
//! server functions they call. Built twice: with `ssr` into the server, with
//! `hydrate` into the browser's wasm.

#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

// Layers, each using only those below it:
//   root → pages → components → server_fns → services (server only)
// and, beneath them all, the leaves: model, error, text, locale, security,
// transitions.
pub mod components;
pub mod error;
pub mod locale;
pub mod model;
pub mod pages;
pub mod root;
#[cfg(feature = "ssr")]
pub mod security;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod services;
pub mod text;
pub mod transitions;

pub use root::{shell, App};
