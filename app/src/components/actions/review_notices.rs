//! What a page of actions shows its editors and reviewers of review before
//! publishing: each open proposal of these actions, who made it, where it
//! stands, a return's comment, and the way to the review page. Readers
//! never see any of it: they see the published actions.

use super::short_time;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{ActionEntry, ReviewContext};
use crate::text::action_name;
use leptos::prelude::*;
use summit::ReviewState;

/// A returned proposal's reason, as its author and reviewers read it;
/// nothing when there is none.
pub fn return_comment(comment: &str) -> Option<impl IntoView> {
    let i18n = use_i18n();
    let comment = comment.to_owned();
    (!comment.is_empty()).then(|| {
        view! {
            <p class="review-comment">
                <strong>{move || t_string!(i18n, review.comment_shown)}</strong> " "
                <span class="note-text" dir="auto">{comment}</span>
            </p>
        }
    })
}

pub(super) fn notices(review: &ReviewContext, actions: &[ActionEntry]) -> impl IntoView {
    let i18n = use_i18n();
    let items = review
        .open
        .iter()
        .filter(|p| actions.iter().any(|a| a.kind == p.kind))
        .map(|p| {
            let kind = p.kind;
            let author = p.author.clone();
            let returned = p.state == ReviewState::Returned;
            let own = p.author_id == review.viewer;
            let comment = returned.then(|| return_comment(&p.comment));
            let hint = own.then(|| {
                view! {
                    <p class="hint">
                        {move || if returned { t_string!(i18n, review.revise_hint) } else { t_string!(i18n, review.pending_own_hint) }}
                    </p>
                }
            });
            let when = short_time(&p.updated_at);
            let anchor = format!("/review#proposal-{}", p.id);
            view! {
                <li class=format!("review-notice review-{}", p.state.slug()) data-kind=kind.slug()
                    data-state=p.state.slug()>
                    <p>
                        <strong>{move || action_name(i18n, kind)}</strong> " — "
                        {move || {
                            let author = author.clone();
                            if returned {
                                t_string!(i18n, review.notice_returned, author = author).to_string()
                            } else {
                                t_string!(i18n, review.notice_pending, author = author).to_string()
                            }
                        }}
                        " " <span class="muted" dir="ltr">{when}</span>
                    </p>
                    {comment}
                    {hint}
                    <a href=move || localized(i18n, &anchor)>{move || t_string!(i18n, review.open_page)}</a>
                </li>
            }
        })
        .collect_view();
    (!review.open.is_empty()).then(|| view! { <ul class="review-notices">{items}</ul> })
}
