//! The server's integration tests, in one binary (linked once, not once per
//! file): each module is an area of the site, each test one behaviour, each
//! against a real server on a free port with a database of its own
//! (`support::spawn_app`). `SUMMIT_TEST_POSTGRES` runs them on PostgreSQL.

mod access;
mod admin;
mod bad_input;
mod briefs;
mod cache;
mod changes;
mod crash_safety;
mod deadlines;
mod edit_form;
mod escaping;
mod export;
mod feeds;
mod health;
mod idp;
mod instances;
mod lockout;
mod mail;
mod map;
mod milestones;
mod oidc;
mod origin;
mod pages;
mod past_state;
mod pwa;
mod redirects;
mod review;
mod sheets;
mod sign_in;
mod slow_clients;
mod startup;
mod storage;
mod support;
mod tokens;
mod tracker;
mod un_terms;
mod write_api;
