//! The review page's posts: `POST /{lang}/review` with a proposal's `id`,
//! the `step` (approved, returned, withdrawn) and a return's `comment`,
//! plain HTML forms (`app::pages::review`), so reviewing costs no wasm.
//!
//! - The rules are the API's (`app::services::review::take_step`).
//! - A step taken answers 303 to `/{lang}/review?done={step}#proposal-{id}`.
//! - A refused step answers the review page itself, rendered as for a GET,
//!   with the problem at that proposal and the comment typed kept (a
//!   [`ReviewAttempt`] in the render's context), under the status the
//!   problem stands for.
//! - Not signed in: 303 to the sign-in page, which comes back here.
//!
//! Cross-site posts never get here (`guard::same_origin_only`).

use super::form_post::{answer_refused, see_other, Refused};
use app::error::ReviewAttempt;
use app::services::accounts::AuthSession;
use app::services::storage::SharedStorage;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use summit::ReviewStep;

/// Renders the review page of a request with a refused step in its context.
pub type Render = Refused<ReviewAttempt>;

pub async fn post(
    storage: SharedStorage,
    render: Render,
    auth: AuthSession,
    request: Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let Some(lang) = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .filter(|l| summit::Language::parse(l).is_some())
        .map(str::to_owned)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(user) = auth.user.clone() else {
        return see_other(&format!("/{lang}/sign-in?next={path}"));
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::server_fns::BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Some((id, step, comment)) = parse_form(&bytes) else {
        return (
            StatusCode::BAD_REQUEST,
            "This form is not one this page sent.",
        )
            .into_response();
    };
    let actor = user.account.actor();
    match app::services::review::take_step(&storage, &actor, id, step, &comment).await {
        Ok(_) => see_other(&format!(
            "/{lang}/review?done={}#proposal-{id}",
            step.slug()
        )),
        Err(error) => {
            let status = error.status_code();
            let attempt = ReviewAttempt { id, comment, error };
            answer_refused(&render, attempt, parts, status).await
        }
    }
}

/// `id`, `step` (a step's slug: approved, returned, withdrawn) and
/// `comment`. Proposing and revising are the edit form's.
fn parse_form(body: &[u8]) -> Option<(i64, ReviewStep, String)> {
    let (mut id, mut step, mut comment) = (None, None, String::new());
    for (key, value) in url::form_urlencoded::parse(body) {
        match &*key {
            "id" => id = value.trim().parse::<i64>().ok(),
            "step" => {
                step = ReviewStep::parse(value.trim()).filter(|s| {
                    matches!(
                        s,
                        ReviewStep::Approve | ReviewStep::Return | ReviewStep::Withdraw
                    )
                })
            }
            "comment" => comment = value.into_owned(),
            _ => {}
        }
    }
    Some((id?, step?, comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_page_s_steps_are_read() {
        assert_eq!(
            parse_form(b"id=3&step=returned&comment=Cite+the+decree"),
            Some((3, ReviewStep::Return, "Cite the decree".to_owned()))
        );
        assert_eq!(
            parse_form(b"id=3&step=approved"),
            Some((3, ReviewStep::Approve, String::new()))
        );
        assert_eq!(parse_form(b"id=3&step=proposed"), None);
        assert_eq!(parse_form(b"id=x&step=approved"), None);
        assert_eq!(parse_form(b"step=withdrawn"), None);
    }
}
