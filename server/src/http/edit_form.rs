//! The edit form's post: `POST /{lang}/countries/{code}` and
//! `POST /{lang}/regions/{slug}`, a plain HTML form sent to the page it is on
//! (`app::components::actions`), so editing costs no wasm.
//!
//! - The rules are the JSON API's and the edit function's
//!   (`app::services::editing::apply_edit`): 404, 403, 422, 409, in that order.
//! - A save answers 303 to the same page at `?saved={kind}#{heading}`, or
//!   at `?proposed={kind}` when review before publishing held it.
//! - A refused edit answers the page itself, rendered as for a GET, with
//!   the form of that action open on what was typed and the problem in place
//!   (an [`EditAttempt`] in the render's context), under the status the
//!   problem stands for. Nothing typed is lost.
//! - Not signed in (a session that ended while the form was open): 303 to
//!   the sign-in page, which comes back here.
//!
//! Cross-site posts never get here (`guard::same_origin_only`), and the body
//! is at most `server_fns::BODY_LIMIT` (`guard::body_limit`).

use super::form_post::{answer_refused, see_other, Refused};
use app::error::EditAttempt;
use app::model::{ActionEdit, ActionTarget, EditOutcome};
use app::services::accounts::AuthSession;
use app::services::storage::SharedStorage;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use summit::{ActionKind, ActionPatch, Iso3, Region};

/// Renders the page of a request with a refused edit in its context.
pub type Render = Refused<EditAttempt>;

pub async fn post(
    storage: SharedStorage,
    render: Render,
    auth: AuthSession,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let Some((lang, target)) = page_target(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(user) = auth.user.clone() else {
        return see_other(&format!("/{lang}/sign-in?next={path}"));
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::server_fns::BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Some(draft) = parse_form(target, &bytes) else {
        // Not what the page's form sends (no action or no version).
        return (
            StatusCode::BAD_REQUEST,
            "This form is not one this page sent.",
        )
            .into_response();
    };
    match app::services::editing::apply_edit(&storage, &user.account.actor(), &draft).await {
        Ok(outcome) => {
            let (parameter, kind) = match &outcome {
                EditOutcome::Published(action) => ("saved", action.kind),
                EditOutcome::Proposed(proposal) => ("proposed", proposal.kind),
            };
            see_other(&app::components::actions::saved_address(
                &path,
                &query,
                parameter,
                kind.slug(),
                app::components::actions::heading_id(target),
            ))
        }
        Err(error) => {
            let status = error.status_code();
            answer_refused(&render, EditAttempt { draft, error }, parts, status).await
        }
    }
}

/// `/{lang}/countries/{code}` or `/{lang}/regions/{slug}`: the language and
/// whose actions.
fn page_target(path: &str) -> Option<(&str, ActionTarget)> {
    let mut segments = path.trim_start_matches('/').split('/');
    let (lang, kind, code) = (segments.next()?, segments.next()?, segments.next()?);
    if segments.next().is_some() || summit::Language::parse(lang).is_none() {
        return None;
    }
    let target = match kind {
        "countries" => ActionTarget::Country(Iso3::parse(code).ok()?),
        "regions" => ActionTarget::Region(Region::parse(code).ok()?),
        _ => return None,
    };
    Some((lang, target))
}

/// The form's fields as an edit: `kind` and `version` (or `rebase`, the
/// newer version "apply them to this version" sends) are required; the
/// status, themes (one field per ticked box), evidence (one link per line)
/// and note are what the form shows, so all of them are sent and all apply.
fn parse_form(target: ActionTarget, body: &[u8]) -> Option<ActionEdit> {
    let (mut kind, mut version, mut rebase) = (None, None, None);
    let mut patch = ActionPatch {
        status: None,
        themes: Some(Vec::new()),
        evidence: Some(Vec::new()),
        note: Some(String::new()),
    };
    for (key, value) in url::form_urlencoded::parse(body) {
        match &*key {
            "kind" => kind = ActionKind::parse(&value),
            "version" => version = value.trim().parse::<i64>().ok(),
            "rebase" => rebase = value.trim().parse::<i64>().ok(),
            "status" => patch.status = Some(value.into_owned()),
            "themes" => patch
                .themes
                .get_or_insert_with(Vec::new)
                .push(value.into_owned()),
            "evidence" => {
                patch.evidence = Some(
                    value
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect(),
                )
            }
            "note" => patch.note = Some(value.into_owned()),
            _ => {}
        }
    }
    Some(ActionEdit {
        target,
        kind: kind?,
        version: rebase.or(version)?,
        patch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_action_pages_take_an_edit() {
        let gha = Iso3::parse("GHA").unwrap();
        assert_eq!(
            page_target("/en/countries/GHA"),
            Some(("en", ActionTarget::Country(gha)))
        );
        assert_eq!(
            page_target("/fr/regions/africa"),
            Some(("fr", ActionTarget::Region(Region::Africa)))
        );
        assert_eq!(page_target("/en/countries/ZZZZ"), None);
        assert_eq!(page_target("/xx/countries/GHA"), None);
        assert_eq!(page_target("/en/regions/atlantis"), None);
        assert_eq!(page_target("/en/countries/GHA/more"), None);
        assert_eq!(page_target("/en/tracker"), None);
    }

    #[test]
    fn the_form_is_read_as_the_whole_edit() {
        let target = ActionTarget::Region(Region::Africa);
        let body = b"kind=regional-strategy&version=3&status=completed&themes=gender&themes=youth\
            &evidence=+https%3A%2F%2Fa.example%2F+%0D%0A%0D%0Ahttps%3A%2F%2Fb.example%2F&note=Adopted+%3Cb%3E";
        let edit = parse_form(target, body).unwrap();
        assert_eq!(edit.kind, ActionKind::parse("regional-strategy").unwrap());
        assert_eq!(edit.version, 3);
        assert_eq!(edit.patch.status.as_deref(), Some("completed"));
        assert_eq!(
            edit.patch.themes,
            Some(vec!["gender".into(), "youth".into()])
        );
        assert_eq!(
            edit.patch.evidence,
            Some(vec![
                "https://a.example/".into(),
                "https://b.example/".into()
            ])
        );
        assert_eq!(edit.patch.note.as_deref(), Some("Adopted <b>"));
    }

    #[test]
    fn no_box_ticked_clears_the_themes_and_rebase_wins() {
        let target = ActionTarget::Region(Region::Africa);
        let edit = parse_form(
            target,
            b"kind=regional-strategy&version=3&rebase=5&status=at-risk&evidence=&note=",
        )
        .unwrap();
        assert_eq!(edit.version, 5);
        assert_eq!(edit.patch.themes, Some(vec![]));
        assert_eq!(edit.patch.evidence, Some(vec![]));
        assert_eq!(parse_form(target, b"version=3&status=at-risk"), None);
        assert_eq!(
            parse_form(target, b"kind=regional-strategy&status=at-risk"),
            None
        );
        assert_eq!(parse_form(target, b"kind=nonsense&version=3"), None);
    }
}
