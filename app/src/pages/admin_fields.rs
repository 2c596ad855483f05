//! Fields the administration page's forms share: a region (or none, or
//! all) and a role.

use crate::i18n::*;
use crate::text::region_name;
use leptos::prelude::*;
use summit::{Region, Role};

#[component]
pub fn RegionSelect(
    name: &'static str,
    id: String,
    #[prop(default = None)] selected: Option<Region>,
    /// Offer "all regions" (an account's scope: a reviewer of everything).
    #[prop(default = None)]
    all: Option<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let all_option = all.map(|chosen| {
        view! { <option value="all" selected=chosen>{move || t_string!(i18n, admin.region_all)}</option> }
    });
    let none = selected.is_none() && all != Some(true);
    view! {
        <select name=name id=id>
            <option value="" selected=none>{move || t_string!(i18n, admin.region_none)}</option>
            {all_option}
            {Region::ALL.into_iter().map(|r| view! {
                <option value=r.slug() selected=selected == Some(r)>{move || region_name(i18n, r)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn RoleSelect(id: String, selected: Role) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select name="role" id=id>
            <option value="editor" selected=selected == Role::Editor>{move || t_string!(i18n, account.role_editor)}</option>
            <option value="reviewer" selected=selected == Role::Reviewer>{move || t_string!(i18n, account.role_reviewer)}</option>
            <option value="admin" selected=selected == Role::Admin>{move || t_string!(i18n, account.role_admin)}</option>
        </select>
    }
}
