//! The spreadsheet round-trip's pages: an upload's dry run (its uploader's
//! only), and the countries a template can be asked for. The steps are in
//! `services::sheets`; the upload and its application are plain form posts
//! (`server::http::sheets`).

use crate::error::AppError;
use crate::model::UploadView;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use summit::Iso3;

/// The signed-in account's upload `id`, in `lang`: its dry run, or once
/// applied, what became of each row.
#[server(input = GetUrl, endpoint = "sheet-upload")]
pub async fn sheet_upload(lang: String, id: String) -> Result<UploadView, AppError> {
    let language = crate::services::context::language(&lang)?;
    let account = crate::services::accounts::require_account().await?;
    let storage = crate::services::context::storage()?;
    crate::services::sheets::view(&storage, &account.actor(), &id, language).await
}

/// Every country with its name in `lang`, in that language's order: the
/// spreadsheets page's choice of countries.
#[server(input = GetUrl, endpoint = "sheet-countries")]
pub async fn sheet_countries(lang: String) -> Result<Vec<(Iso3, String)>, AppError> {
    let language = crate::services::context::language(&lang)?;
    let storage = crate::services::context::storage()?;
    Ok(storage
        .countries(language)
        .await?
        .into_iter()
        .map(|c| (c.iso3, c.name))
        .collect())
}
