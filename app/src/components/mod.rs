//! Building blocks shared by the pages.

pub mod attendance;
pub mod country_list;
pub mod elapsed;
pub mod error;
pub mod layout;
pub mod map;
pub mod text;
