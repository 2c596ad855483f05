//! One module per route.

pub mod country;
pub mod home;
pub mod milestones;
pub mod not_found;
pub mod region;
pub mod tracker;
