//! Building blocks shared by the pages.

pub mod elapsed;
pub mod error;
pub mod layout;
pub mod text;
