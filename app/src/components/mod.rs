//! Building blocks shared by the pages.

pub mod actions;
pub mod as_of;
pub mod attendance;
pub mod clock;
pub mod countdown;
pub mod country_list;
pub mod due;
pub mod embed_link;
pub mod error;
pub mod escaped;
pub mod follow;
pub mod island;
pub mod layout;
pub mod loading;
pub mod map;
pub mod moved;
pub mod pwa;
pub mod report_links;
pub mod reused;
pub mod rollup;
pub mod scroll_box;
pub mod session;
pub mod sheet_text;
pub mod speculation;
pub mod standing;
pub mod timeline_chart;
