//! The spreadsheet files: an upload read into a `summit::sheet::Table`
//! ([`read`]: `.xlsx` with calamine after a look inside its zip, `.csv`
//! with the csv crate), and a template laid out as `.xlsx` ([`template`]:
//! rust_xlsxwriter). What the cells mean is `summit::sheet`; what a
//! template holds is `app::services::sheets::template`.

pub mod read;
pub mod template;
