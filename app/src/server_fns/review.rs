//! Review before publishing for signed-in people: what a page of actions
//! shows of it, the review page's list, and where an administrator turns
//! it on. The rules are in `services::review`.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::ReviewItem;
use crate::model::{ActionTarget, ReviewContext, ReviewPageData};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Whether the signed-in account's edits of `target`'s actions are held for
/// review, and the open proposals of those actions it may see.
#[server(input = Json, endpoint = "review-context")]
pub async fn my_review_context(target: ActionTarget) -> Result<ReviewContext, AppError> {
    use crate::services::review;
    let account = crate::services::accounts::require_account().await?;
    let storage = crate::services::context::storage()?;
    let actor = account.actor();
    let region = match target {
        ActionTarget::Country(iso3) => storage
            .country(iso3, summit::Language::En)
            .await?
            .ok_or(AppError::NotFound)?
            .coverage
            .region(),
        ActionTarget::Region(region) => Some(region),
    };
    let held = crate::services::editing::held_for_review(&storage, &actor, region).await?;
    let mut open = Vec::new();
    for proposal in storage
        .proposals(crate::services::storage::ProposalQuery {
            open_only: true,
            target: Some(target),
            limit: review::LIST_LIMIT,
        })
        .await?
    {
        if review::may_see(&storage, &actor, &proposal).await? {
            open.push(proposal);
        }
    }
    Ok(ReviewContext {
        held,
        viewer: account.id,
        open,
    })
}

/// The proposals the signed-in account may see, each with its action as
/// published and whose it is, in `lang`; and whether authors hear of steps
/// by e-mail.
#[server(input = Json, endpoint = "review-list")]
pub async fn review_list(lang: String) -> Result<ReviewPageData, AppError> {
    use crate::services::review;
    let language = crate::services::context::language(&lang)?;
    let account = crate::services::accounts::require_account().await?;
    let storage = crate::services::context::storage()?;
    let actor = account.actor();
    let mut items = Vec::new();
    for (proposal, may_review) in review::visible_proposals(&storage, &actor).await? {
        let Some(current) = storage
            .action(proposal.target, proposal.kind, language)
            .await?
        else {
            continue;
        };
        let owner = match proposal.target {
            ActionTarget::Country(iso3) => storage
                .country(iso3, language)
                .await?
                .map_or_else(|| iso3.to_string(), |c| c.name),
            ActionTarget::Region(region) => {
                let i18n_locale: crate::i18n::Locale = language.code().parse().unwrap_or_default();
                crate::text::region_name_in(i18n_locale, region)
            }
        };
        items.push(ReviewItem {
            may_review,
            is_author: proposal.author_id == actor.id,
            proposal,
            owner,
            current,
        });
    }
    Ok(ReviewPageData {
        items,
        mail_sending: crate::services::mail::sending(),
    })
}

/// Turns review before publishing on everywhere, for some regions, or off
/// (administrators only): one check box per choice, sent when ticked.
#[server(endpoint = "admin/set-review-policy")]
pub async fn set_review_policy(
    #[server(default)] everywhere: Option<String>,
    #[server(default)] africa: Option<String>,
    #[server(default)] arab_states: Option<String>,
    #[server(default)] asia_pacific: Option<String>,
    #[server(default)] europe_central_asia: Option<String>,
    #[server(default)] latin_america_caribbean: Option<String>,
) -> Result<(), AppError> {
    use summit::Region;
    crate::services::accounts::require_admin().await?;
    let storage = crate::services::context::storage()?;
    let ticked = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
    let policy = summit::ReviewPolicy {
        everywhere: ticked(&everywhere),
        regions: [
            (Region::Africa, africa),
            (Region::ArabStates, arab_states),
            (Region::AsiaPacific, asia_pacific),
            (Region::EuropeCentralAsia, europe_central_asia),
            (Region::LatinAmericaCaribbean, latin_america_caribbean),
        ]
        .into_iter()
        .filter(|(_, value)| ticked(value))
        .map(|(region, _)| region)
        .collect(),
    };
    storage.set_review_policy(&policy).await?;
    Ok(())
}
