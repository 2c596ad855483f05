//! `/api/v1/sheets/template.xlsx`: a spreadsheet to fill in — today's values
//! of a region's, some countries' or every action, in one of the six
//! languages, to upload again at `/{lang}/spreadsheets`.

use super::types::LangQuery;
use super::ApiError;
use app::security::SiteOrigin;
use app::services::sheets::template::{template as template_content, TemplateScope, COUNTRIES_MAX};
use app::services::storage::SharedStorage;
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use summit::{Iso3, Region};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Whose actions: `country` (ISO 3166 alpha-3 codes, separated by commas,
/// or the parameter repeated) wins over `region`; neither: every country
/// and region.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TemplateParams {
    /// Language of the headings, names, lists and instructions (default en)
    #[param(value_type = Option<super::types::Lang>)]
    lang: Option<String>,
    /// A region's own actions and its countries': africa, arab-states,
    /// asia-pacific, europe-central-asia or latin-america-caribbean
    region: Option<String>,
    /// These countries' actions: ISO 3166 alpha-3 codes separated by commas
    /// (at most 200), such as KEN,UGA (empty: as if not given)
    #[param(pattern = "^([A-Za-z]{3}(,[A-Za-z]{3})*)?$")]
    country: Option<String>,
}

/// A template to fill in.
#[utoipa::path(get, path = "/api/v1/sheets/template.xlsx", tag = "read",
    params(TemplateParams),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               description = "An Excel workbook: the actions with today's values, drop-down lists, a protected version column and instructions"),
              (status = 400, description = "Unknown lang, region or country", body = ApiError)))]
pub async fn template(
    State(storage): State<SharedStorage>,
    State(origin): State<SiteOrigin>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    let first: HashMap<String, String> = pairs.iter().rev().cloned().collect();
    let language = LangQuery::from_map(&first).language()?;
    let scope = scope(&pairs, &first)?;
    if let TemplateScope::Countries(codes) = &scope {
        for code in codes {
            if storage
                .country(*code, summit::Language::En)
                .await?
                .is_none()
            {
                return Err(ApiError::bad_request(format!("country: no country {code}")));
            }
        }
    }
    let address = format!("{}/{}/spreadsheets", origin.0, language.code());
    let content = template_content(&storage, language, &scope, &address).await?;
    let name = content.file_name.clone();
    let bytes = tokio::task::spawn_blocking(move || crate::sheets::template::write(&content))
        .await
        .map_err(|_| ApiError::from(app::services::storage::StorageError::Unavailable))?
        .map_err(|error| {
            tracing::error!(%error, "writing a template failed");
            ApiError::from(app::services::storage::StorageError::Unavailable)
        })?;
    Ok((
        [
            (CONTENT_TYPE, XLSX.to_owned()),
            (CONTENT_DISPOSITION, attachment(&name)),
        ],
        bytes,
    )
        .into_response())
}

/// `country` may come more than once (a form's multiple choice), each a
/// list separated by commas.
fn scope(
    pairs: &[(String, String)],
    query: &HashMap<String, String>,
) -> Result<TemplateScope, ApiError> {
    let lists: Vec<&str> = pairs
        .iter()
        .filter(|(k, v)| k == "country" && !v.is_empty())
        .map(|(_, v)| v.as_str())
        .collect();
    if !lists.is_empty() {
        let mut codes: Vec<Iso3> = Vec::new();
        for code in lists.iter().flat_map(|l| l.split(',')) {
            let code = Iso3::parse_any_case(code.trim()).map_err(|_| {
                ApiError::bad_request("country: ISO 3166 alpha-3 codes, such as KEN,UGA")
            })?;
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        if codes.len() > COUNTRIES_MAX {
            return Err(ApiError::bad_request("country: at most 200 codes"));
        }
        return Ok(TemplateScope::Countries(codes));
    }
    match query.get("region").filter(|r| !r.is_empty()) {
        Some(slug) => Region::parse(slug)
            .map(TemplateScope::Region)
            .map_err(|_| ApiError::bad_request("unknown region")),
        None => Ok(TemplateScope::Everything),
    }
}

/// `Content-Disposition` for a file name in any script (RFC 6266): an
/// ASCII fallback, and the name itself percent-encoded as UTF-8.
pub(super) fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::attachment;

    #[test]
    fn file_names_in_any_script_reach_the_browser_safely() {
        assert_eq!(
            attachment("م \"x\"; 2026.xlsx"),
            "attachment; filename=\"_ _x__ 2026.xlsx\"; filename*=UTF-8''%D9%85%20%22x%22%3B%202026.xlsx"
        );
    }
}
