//! A brief for a meeting, as its page shows it (the PDF is the server's:
//! `/api/v1/brief.pdf`). Public data, like the pages it summarises.

use crate::error::AppError;
use crate::model::Brief;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The brief of a country (`country`, ISO3) or a region (`region`, slug)
/// in `lang`, as of `at` with the changes since `from` (`YYYY-MM-DD`,
/// empty: the defaults, `services::briefs::period`).
#[server(input = GetUrl, endpoint = "brief")]
pub async fn get_brief(
    lang: String,
    #[server(default)] country: String,
    #[server(default)] region: String,
    #[server(default)] from: String,
    #[server(default)] at: String,
) -> Result<Brief, AppError> {
    use crate::services::briefs;
    let language = crate::services::context::language(&lang)?;
    let target = briefs::target(&country, &region).ok_or(AppError::NotFound)?;
    let period = briefs::parse_period(&from, &at)?;
    briefs::brief(target, language, period, &crate::security::site_origin()).await
}
