//! One module per route.

pub mod account;
pub mod account_mail;
pub mod admin;
pub mod admin_deadlines;
pub mod admin_fields;
pub mod admin_mail;
pub mod admin_names;
pub mod admin_review;
pub mod admin_sign_in;
pub mod brief;
pub mod country;
pub mod embed;
pub mod embed_builder;
pub mod home;
pub mod milestones;
pub mod not_found;
pub mod password;
pub mod region;
pub mod review;
pub mod sheet_upload;
pub mod sheets;
pub mod sign_in;
pub mod tracker;
