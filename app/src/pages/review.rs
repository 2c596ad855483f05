//! `/{lang}/review`: the proposals the signed-in account may see — what
//! each changes (published now → proposed), its steps, and the buttons its
//! reviewer or author may use. Plain HTML forms posted to this page
//! (`server::http::review_form`), so a phone needs no wasm to review.

use crate::components::actions::{return_comment, short_time};
use crate::components::error::{error_text, ErrorMessage, FieldErrors};
use crate::components::escaped::{rcdata, Title};
use crate::components::loading::Loading;
use crate::components::session::use_session;
use crate::error::ReviewAttempt;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{ActionEntry, ReviewItem};
use crate::pages::account::SignInFirst;
use crate::server_fns::review::review_list;
use crate::text::{action_name, status_name};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use summit::{ActionPatch, ReviewState, ReviewStep, Status};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let session = use_session();
    let done = use_query_map()
        .with_untracked(|q| q.get("done"))
        .and_then(|s| ReviewStep::parse(&s));
    let done_note = done.map(|step| {
        view! {
            <p class="success" role="status" data-testid="review-done">
                {move || match step {
                    ReviewStep::Approve => t_string!(i18n, review.done_approved),
                    ReviewStep::Return => t_string!(i18n, review.done_returned),
                    _ => t_string!(i18n, review.done_withdrawn),
                }}
            </p>
        }
    });
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, review.title), t_string!(i18n, site.name)) />
        <Meta name="robots" content="noindex" />
        <h1>{move || t_string!(i18n, review.title)}</h1>
        <p>{move || t_string!(i18n, review.intro)}</p>
        {done_note}
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                match session.account().await {
                    Ok(Some(_)) => match review_list(lang).await {
                        Ok(list) => EitherOf3::A(view! {
                            <MailNote sending=list.mail_sending />
                            <Proposals items=list.items />
                        }),
                        Err(error) => EitherOf3::C(view! { <ErrorMessage error /> }),
                    },
                    Ok(None) => EitherOf3::B(view! { <SignInFirst /> }),
                    Err(error) => EitherOf3::C(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// Whether authors hear of a return or an approval by e-mail.
#[component]
fn MailNote(sending: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="hint" data-testid="review-mail">
            {move || if sending { t_string!(i18n, review.mail_on) } else { t_string!(i18n, review.mail_off) }}
        </p>
    }
}

#[component]
fn Proposals(items: Vec<ReviewItem>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="card">{move || t_string!(i18n, review.none)}</p> }.into_any();
    }
    let (open, closed): (Vec<_>, Vec<_>) = items.into_iter().partition(|i| i.proposal.is_open());
    let list = |items: Vec<ReviewItem>| {
        items
            .into_iter()
            .map(|item| view! { <ProposalCard item /> })
            .collect_view()
    };
    let closed = (!closed.is_empty()).then(|| {
        view! {
            <h2>{move || t_string!(i18n, review.closed_heading)}</h2>
            <div class="proposals">{list(closed)}</div>
        }
    });
    view! {
        <h2>{move || t_string!(i18n, review.open_heading)}</h2>
        {if open.is_empty() { Some(view! { <p>{move || t_string!(i18n, review.none)}</p> }) } else { None }}
        <div class="proposals">{list(open)}</div>
        {closed}
    }
    .into_any()
}

fn state_name(i18n: I18nContext<Locale>, state: ReviewState) -> String {
    match state {
        ReviewState::Pending => t_string!(i18n, review.state_pending),
        ReviewState::Returned => t_string!(i18n, review.state_returned),
        ReviewState::Approved => t_string!(i18n, review.state_approved),
        ReviewState::Withdrawn => t_string!(i18n, review.state_withdrawn),
    }
    .to_string()
}

fn step_name(i18n: I18nContext<Locale>, step: ReviewStep) -> String {
    match step {
        ReviewStep::Propose => t_string!(i18n, review.step_proposed),
        ReviewStep::Return => t_string!(i18n, review.step_returned),
        ReviewStep::Revise => t_string!(i18n, review.step_revised),
        ReviewStep::Approve => t_string!(i18n, review.step_approved),
        ReviewStep::Withdraw => t_string!(i18n, review.step_withdrawn),
    }
    .to_string()
}

/// The rows of what the proposal changes: field, published now, proposed.
fn differences(
    i18n: I18nContext<Locale>,
    current: &ActionEntry,
    patch: &ActionPatch,
) -> impl IntoView {
    let theme_names = |slugs: &[String]| {
        slugs
            .iter()
            .map(|slug| {
                current
                    .themes
                    .iter()
                    .find(|(s, _)| s == slug)
                    .map_or_else(|| slug.clone(), |(_, name)| name.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut rows: Vec<(String, String, String)> = Vec::new();
    if let Some(status) = patch.status.as_deref().and_then(Status::parse) {
        if status != current.status {
            rows.push((
                t_string!(i18n, country.status).to_string(),
                status_name(i18n, current.status),
                status_name(i18n, status),
            ));
        }
    }
    if let Some(themes) = &patch.themes {
        let now: Vec<String> = current.themes.iter().map(|(s, _)| s.clone()).collect();
        let (mut a, mut b) = (now.clone(), themes.clone());
        a.sort();
        b.sort();
        if a != b {
            rows.push((
                t_string!(i18n, country.themes).to_string(),
                theme_names(&now),
                theme_names(themes),
            ));
        }
    }
    if let Some(evidence) = &patch.evidence {
        if *evidence != current.evidence {
            rows.push((
                t_string!(i18n, country.evidence).to_string(),
                current.evidence.join("\n"),
                evidence.join("\n"),
            ));
        }
    }
    if let Some(note) = &patch.note {
        if *note != current.note {
            rows.push((
                t_string!(i18n, country.note).to_string(),
                current.note.clone(),
                note.clone(),
            ));
        }
    }
    let rows = rows
        .into_iter()
        .map(|(field, from, to)| {
            view! {
                <tr>
                    <th scope="row">{field}</th>
                    <td class="note-text" data-label=move || t_string!(i18n, review.published).to_string()>{from}</td>
                    <td class="note-text proposed-value" data-label=move || t_string!(i18n, review.proposed).to_string()>{to}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="actions review-diff">
            <thead>
                <tr>
                    <th scope="col">{move || t_string!(i18n, review.field)}</th>
                    <th scope="col">{move || t_string!(i18n, review.published)}</th>
                    <th scope="col">{move || t_string!(i18n, review.proposed)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn ProposalCard(item: ReviewItem) -> impl IntoView {
    let i18n = use_i18n();
    let ReviewItem {
        proposal,
        owner,
        current,
        may_review,
        is_author,
    } = item;
    let id = proposal.id;
    let kind = proposal.kind;
    let state = proposal.state;
    let attempt = use_context::<ReviewAttempt>().filter(|a| a.id == id);
    let error = Signal::stored(attempt.as_ref().map(|a| a.error.clone()));
    let typed = attempt
        .as_ref()
        .map(|a| a.comment.clone())
        .unwrap_or_default();
    let problem = attempt.as_ref().map(|a| {
        let text = error_text(i18n, &a.error);
        view! { <p class="error" role="alert">{text}</p> }
    });
    let stale = (proposal.is_open() && current.version != proposal.base_version).then(|| {
        let version = current.version;
        view! { <p class="warning">{move || t_string!(i18n, review.stale, version = version).to_string()}</p> }
    });
    let comment = (state == ReviewState::Returned).then(|| return_comment(&proposal.comment));
    let steps = proposal
        .steps
        .iter()
        .map(|s| {
            let (step, who, when) = (s.step, s.by.clone(), short_time(&s.at));
            let note = (!s.comment.is_empty()).then(|| {
                let c = s.comment.clone();
                view! { <span class="note-text">" — " {c}</span> }
            });
            view! {
                <li>
                    {move || t_string!(i18n, review.step_line, step = step_name(i18n, step), who = who.clone(), when = when.clone()).to_string()}
                    {note}
                </li>
            }
        })
        .collect_view();
    let reviewer_forms = (may_review && state == ReviewState::Pending).then(|| {
        let comment_id = format!("comment-{id}");
        view! {
            <form method="post" class="form review-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="step" value="approved" />
                <button type="submit" class="button primary">{move || t_string!(i18n, review.approve)}</button>
            </form>
            <form method="post" class="form review-form" novalidate=true>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="step" value="returned" />
                <div class="field">
                    <label for=comment_id.clone()>{move || t_string!(i18n, review.comment)}</label>
                    <textarea id=comment_id.clone() name="comment" rows="3" maxlength="2000"
                        aria-describedby=format!("{comment_id}-errors")>{rcdata(&typed)}</textarea>
                    <FieldErrors error field="comment" id=format!("{comment_id}-errors") />
                </div>
                <button type="submit" class="button">{move || t_string!(i18n, review.return_action)}</button>
            </form>
        }
    });
    let author_form = (is_author && proposal.is_open()).then(|| {
        view! {
            <form method="post" class="form review-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="step" value="withdrawn" />
                <button type="submit" class="button">{move || t_string!(i18n, review.withdraw)}</button>
            </form>
        }
    });
    let page = proposal.target.path();
    let base = proposal.base_version;
    view! {
        <article class=format!("card proposal review-{}", state.slug()) id=format!("proposal-{id}")
            data-state=state.slug() data-kind=kind.slug()>
            <h3>
                <a href=move || localized(i18n, &page)>{owner.clone()}</a>
                " — " {move || action_name(i18n, kind)}
            </h3>
            <p>
                <span class=format!("chip review-state review-{}", state.slug())>{move || state_name(i18n, state)}</span>
                " " {proposal.author.clone()} " · " {short_time(&proposal.updated_at)}
                " · " <span class="muted">{move || t_string!(i18n, review.based_on, version = base).to_string()}</span>
            </p>
            {problem}
            {stale}
            {differences(i18n, &current, &proposal.patch)}
            {comment}
            <details class="review-steps">
                <summary>{move || t_string!(i18n, review.history)} " (" {proposal.steps.len()} ")"</summary>
                <ol>{steps}</ol>
            </details>
            <div class="review-buttons">
                {reviewer_forms}
                {author_form}
            </div>
        </article>
    }
}
