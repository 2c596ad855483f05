//! The administration page's switch for review before publishing:
//! everywhere, or per region, or off. Part of the administration console
//! island; the rule it sets is `summit::ReviewPolicy`.

use crate::components::error::{action_error, FormError};
use crate::i18n::*;
use crate::server_fns::review::SetReviewPolicy;
use crate::text::region_name;
use leptos::form::ActionForm;
use leptos::prelude::*;
use summit::{Region, ReviewPolicy};

#[component]
pub fn ReviewPolicySection(
    policy: ReviewPolicy,
    action: ServerAction<SetReviewPolicy>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(*action);
    let saved = move || {
        matches!(action.value().get(), Some(Ok(_)))
            .then(|| view! { <p class="success" role="status">{t_string!(i18n, admin.saved)}</p> })
    };
    let boxes = Region::ALL
        .into_iter()
        .map(|region| {
            // The server function's parameter for the region's box.
            let name = region.slug().replace('-', "_");
            let id = format!("review-{}", region.slug());
            let checked = policy.regions.contains(&region);
            view! {
                <li>
                    <input type="checkbox" id=id.clone() name=name value="1" checked=checked />
                    <label for=id>{move || region_name(i18n, region)}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="review-admin-heading">
            <h2 id="review-admin-heading">{move || t_string!(i18n, review.policy_heading)}</h2>
            <p class="hint">{move || t_string!(i18n, review.policy_hint)}</p>
            {saved}
            <ActionForm action attr:class="form" attr:aria-labelledby="review-admin-heading">
                <FormError error />
                <div class="field">
                    <input type="checkbox" id="review-everywhere" name="everywhere" value="1"
                        checked=policy.everywhere />
                    <label for="review-everywhere">{move || t_string!(i18n, review.policy_everywhere)}</label>
                </div>
                <fieldset class="field">
                    <legend>{move || t_string!(i18n, review.policy_regions)}</legend>
                    <ul class="checkboxes">{boxes}</ul>
                </fieldset>
                <button type="submit" class="button">{move || t_string!(i18n, review.policy_save)}</button>
            </ActionForm>
        </section>
    }
}
