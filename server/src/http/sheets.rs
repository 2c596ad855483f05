//! The spreadsheet round-trip's HTTP doors (the steps are
//! `app::services::sheets`, the files `crate::sheets`):
//!
//! - `POST /{lang}/spreadsheets`: a multipart upload (field `file`, at most
//!   [`UPLOAD_LIMIT`] bytes) from the spreadsheets page. A file that cannot
//!   be read answers that page with the reason (422); one that can is kept
//!   with its dry run, and the answer is 303 to `/{lang}/spreadsheets/{id}`.
//! - `POST /{lang}/spreadsheets/{id}`: applies it (`mode=whole`, or
//!   `mode=rows` with a `line` per ticked row), then 303 to its page with
//!   `?done=applied|moved|not-whole|already`.
//!
//! Both need a signed-in account (else 303 to the sign-in page); cross-site
//! posts never get here (`guard::same_origin_only`).

use super::form_post::{answer_refused, see_other, Refused};
use app::error::SheetRefusal;
use app::services::accounts::AuthSession;
use app::services::sheets::{apply, dry_run, Applied, ApplyMode};
use app::services::storage::SharedStorage;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use summit::sheet::{FileProblem, MAX_FILE_BYTES};
use summit::Language;

/// The most an upload's request may carry: the file and the form around it.
pub const UPLOAD_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

/// Renders the spreadsheets page with a refused file in its context.
pub type Render = Refused<SheetRefusal>;

/// `/{lang}/spreadsheets` or `/{lang}/spreadsheets/{id}`: the language and
/// the upload.
fn parse_path(path: &str) -> Option<(Language, Option<String>)> {
    let mut segments = path.trim_start_matches('/').split('/');
    let language = segments.next().and_then(Language::parse)?;
    if segments.next() != Some("spreadsheets") {
        return None;
    }
    let id = segments.next().filter(|s| !s.is_empty());
    if segments.next().is_some() {
        return None;
    }
    match id {
        None => Some((language, None)),
        Some(id) if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some((language, Some(id.to_owned())))
        }
        Some(_) => None,
    }
}

/// Whether a request is a spreadsheet upload (it gets [`UPLOAD_LIMIT`]).
pub fn is_upload(path: &str) -> bool {
    matches!(parse_path(path), Some((_, None)))
}

pub async fn upload(
    storage: SharedStorage,
    render: Render,
    auth: AuthSession,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let Some((language, None)) = parse_path(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(user) = auth.user.clone() else {
        return see_other(&format!("/{}/sign-in?next={path}", language.code()));
    };
    let (parts, body) = request.into_parts();
    let copy = Request::from_parts(parts.clone(), body);
    let file = match read_file(copy).await {
        Ok(file) => file,
        Err(problem) => {
            let status = match problem {
                FileProblem::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            return answer_refused(&render, SheetRefusal(problem), parts, status).await;
        }
    };
    let (file_name, bytes) = file;
    let table = match tokio::task::spawn_blocking(move || crate::sheets::read::read(&bytes)).await {
        Ok(Ok(table)) => table,
        Ok(Err(problem)) => {
            tracing::info!(?problem, "spreadsheet refused");
            return answer_refused(
                &render,
                SheetRefusal(problem),
                parts,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(error) => {
            tracing::error!(%error, "reading a spreadsheet failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match dry_run(&storage, &user.account.actor(), &table, &file_name).await {
        Ok(Ok(id)) => see_other(&format!("/{}/spreadsheets/{id}", language.code())),
        Ok(Err(problem)) => {
            tracing::info!(?problem, "spreadsheet refused");
            answer_refused(
                &render,
                SheetRefusal(problem),
                parts,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => error.status_code().into_response(),
    }
}

/// The `file` field of a multipart body: its name and bytes.
async fn read_file(request: Request) -> Result<(String, Vec<u8>), FileProblem> {
    let too_large = FileProblem::TooLarge {
        max_bytes: MAX_FILE_BYTES,
    };
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|_| FileProblem::Empty)?;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| too_large.clone())?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("upload").to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| too_large.clone())? {
            if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                return Err(too_large);
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok((name, bytes));
    }
    Err(FileProblem::Empty)
}

pub async fn apply_post(storage: SharedStorage, auth: AuthSession, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let Some((language, Some(id))) = parse_path(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(user) = auth.user.clone() else {
        return see_other(&format!("/{}/sign-in?next={path}", language.code()));
    };
    let Ok(bytes) = axum::body::to_bytes(request.into_body(), super::server_fns::BODY_LIMIT).await
    else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut whole = None;
    let mut lines = Vec::new();
    for (key, value) in url::form_urlencoded::parse(&bytes) {
        match (&*key, &*value) {
            ("mode", "whole") => whole = Some(true),
            ("mode", "rows") => whole = Some(false),
            ("line", line) => {
                if let Ok(line) = line.parse::<u32>() {
                    lines.push(line);
                }
            }
            _ => {}
        }
    }
    let mode = match whole {
        Some(true) => ApplyMode::Whole,
        Some(false) => ApplyMode::Rows(lines),
        None => {
            return (
                StatusCode::BAD_REQUEST,
                "This form is not one this page sent.",
            )
                .into_response()
        }
    };
    let done = match apply(&storage, &user.account.actor(), &id, &mode).await {
        Ok(Applied::Done) => "applied",
        Ok(Applied::Moved) => "moved",
        Ok(Applied::NotWhole) => "not-whole",
        Ok(Applied::Already) => "already",
        Err(error) => return error.status_code().into_response(),
    };
    see_other(&format!(
        "/{}/spreadsheets/{id}?done={done}",
        language.code()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_spreadsheets_addresses_are_taken() {
        assert!(is_upload("/fr/spreadsheets"));
        assert!(!is_upload(
            "/fr/spreadsheets/0123456789abcdef0123456789abcdef"
        ));
        assert_eq!(
            parse_path("/ar/spreadsheets/0123456789abcdef0123456789abcdef"),
            Some((
                Language::Ar,
                Some("0123456789abcdef0123456789abcdef".into())
            ))
        );
        for path in [
            "/xx/spreadsheets",
            "/en/spreadsheet",
            "/en/spreadsheets/../admin",
            "/en/spreadsheets/0123/extra",
        ] {
            assert_eq!(parse_path(path), None, "{path}");
        }
    }
}
