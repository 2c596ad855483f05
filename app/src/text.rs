//! Localised text built from data: region names, dates, attendance figures.
//! Month names and date patterns come from the translations, so no date
//! formatting library is shipped in the wasm.

use crate::i18n::*;
use jiff::civil::Date;
use leptos_i18n::I18nContext;
use summit::{Participants, Region};

pub fn region_name(i18n: I18nContext<Locale>, region: Region) -> String {
    region_name_in(i18n.get_locale(), region)
}

/// A region's name in a given language (the server's map markup has no context).
pub fn region_name_in(locale: Locale, region: Region) -> String {
    match region {
        Region::Africa => td_string!(locale, regions.africa),
        Region::ArabStates => td_string!(locale, regions.arab_states),
        Region::AsiaPacific => td_string!(locale, regions.asia_pacific),
        Region::EuropeCentralAsia => td_string!(locale, regions.europe_central_asia),
        Region::LatinAmericaCaribbean => td_string!(locale, regions.latin_america_caribbean),
    }
    .to_string()
}

fn month_name_in(locale: Locale, month: i8) -> String {
    match month {
        1 => td_string!(locale, months.m01),
        2 => td_string!(locale, months.m02),
        3 => td_string!(locale, months.m03),
        4 => td_string!(locale, months.m04),
        5 => td_string!(locale, months.m05),
        6 => td_string!(locale, months.m06),
        7 => td_string!(locale, months.m07),
        8 => td_string!(locale, months.m08),
        9 => td_string!(locale, months.m09),
        10 => td_string!(locale, months.m10),
        11 => td_string!(locale, months.m11),
        _ => td_string!(locale, months.m12),
    }
    .to_string()
}

/// A calendar date in the page's language: "28 August 2025", "2025年8月28日".
pub fn long_date(i18n: I18nContext<Locale>, date: Date) -> String {
    long_date_in(i18n.get_locale(), date)
}

/// A calendar date in a given language (e-mail has no page context).
pub fn long_date_in(locale: Locale, date: Date) -> String {
    let month = month_name_in(locale, date.month());
    td_string!(
        locale,
        dates.long,
        day = date.day(),
        month = month,
        year = date.year()
    )
    .to_string()
}

/// An attendance figure exactly as reported: never a guess.
pub fn participants(i18n: I18nContext<Locale>, figure: Participants) -> String {
    match figure {
        Participants::NotReported => t_string!(i18n, attendance.not_reported).to_string(),
        Participants::Exactly(n) => t_string!(i18n, attendance.exactly, count = n).to_string(),
        Participants::MoreThan(n) => t_string!(i18n, attendance.more_than, count = n).to_string(),
    }
}

/// A share in the page's language: "45%", "45 %", "<1%" or "—" for a set of no actions.
pub fn share_text(i18n: I18nContext<Locale>, share: summit::Share) -> String {
    share_text_in(i18n.get_locale(), share)
}

/// A share in a given language.
pub fn share_text_in(locale: Locale, share: summit::Share) -> String {
    match share {
        summit::Share::Nothing => td_string!(locale, share.nothing).to_string(),
        summit::Share::Percent(value) => {
            td_string!(locale, share.percent, value = value).to_string()
        }
        summit::Share::UnderOne => td_string!(locale, share.tiny).to_string(),
        summit::Share::OverNinetyNine => td_string!(locale, share.almost_all).to_string(),
    }
}

/// A one-line follow-up summary: "Not reported", or "2 of 7 actions completed".
pub fn progress_summary(i18n: I18nContext<Locale>, progress: summit::Progress) -> String {
    progress_summary_in(i18n.get_locale(), progress)
}

/// The summary in a given language (a brief's PDF has no context).
pub fn progress_summary_in(locale: Locale, progress: summit::Progress) -> String {
    match progress.percent_completed() {
        None => td_string!(locale, followup.none_reported).to_string(),
        Some(_) => td_string!(
            locale,
            followup.completed_of,
            completed = progress.completed,
            count = progress.total
        )
        .to_string(),
    }
}

pub fn status_name(i18n: I18nContext<Locale>, status: summit::Status) -> String {
    status_name_in(i18n.get_locale(), status)
}

/// A status's name in a given language (feeds and exports have no context).
pub fn status_name_in(locale: Locale, status: summit::Status) -> String {
    use summit::Status::*;
    match status {
        NotReported => td_string!(locale, status.not_reported),
        NotStarted => td_string!(locale, status.not_started),
        InProgress => td_string!(locale, status.in_progress),
        Completed => td_string!(locale, status.completed),
        AtRisk => td_string!(locale, status.at_risk),
    }
    .to_string()
}

pub fn action_name(i18n: I18nContext<Locale>, kind: summit::ActionKind) -> String {
    action_name_in(i18n.get_locale(), kind)
}

/// An action kind's name in a given language.
pub fn action_name_in(locale: Locale, kind: summit::ActionKind) -> String {
    use summit::ActionKind::*;
    match kind {
        NationalConsultation => td_string!(locale, actions.national_consultation),
        DelegationSupport => td_string!(locale, actions.delegation_support),
        SolutionsSession => td_string!(locale, actions.solutions_session),
        NationalStrategy => td_string!(locale, actions.national_strategy),
        CoordinationMechanism => td_string!(locale, actions.coordination_mechanism),
        FinancingPathway => td_string!(locale, actions.financing_pathway),
        ResultsMeasurement => td_string!(locale, actions.results_measurement),
        RegionalStrategy => td_string!(locale, actions.regional_strategy),
        RegionalCoordination => td_string!(locale, actions.regional_coordination),
    }
    .to_string()
}

pub fn kind_name(i18n: I18nContext<Locale>, kind: summit::MilestoneKind) -> String {
    kind_name_in(i18n.get_locale(), kind)
}

/// A milestone kind's name in a given language (calendar files have no context).
pub fn kind_name_in(locale: Locale, kind: summit::MilestoneKind) -> String {
    use summit::MilestoneKind::*;
    match kind {
        Summit => td_string!(locale, kinds.summit),
        RegionalBriefing => td_string!(locale, kinds.regional_briefing),
        IntergovernmentalSession => td_string!(locale, kinds.intergovernmental_session),
        National => td_string!(locale, kinds.national),
        Regional => td_string!(locale, kinds.regional),
        Other => td_string!(locale, kinds.other),
    }
    .to_string()
}

/// "Social Summit Tracker — Milestones" in a given language (a calendar's name).
pub fn calendar_name_in(locale: Locale) -> String {
    format!(
        "{} — {}",
        td_string!(locale, site.name),
        td_string!(locale, milestones.title)
    )
}

/// A history field's name in a given language (the feeds use it too).
pub fn field_name_in(locale: Locale, field: &str) -> String {
    match field {
        "status" => td_string!(locale, country.status),
        "themes" => td_string!(locale, country.themes),
        "evidence" => td_string!(locale, country.evidence),
        _ => td_string!(locale, country.note),
    }
    .to_string()
}

/// A value in an action's history in a given language: statuses and themes
/// by name (`themes`: slug and name in that language; a theme since removed
/// keeps its slug), lists joined, text as is, nothing as "none".
pub fn value_text_in(
    locale: Locale,
    field: &str,
    value: &serde_json::Value,
    themes: &[(String, String)],
) -> String {
    let none = || td_string!(locale, history.none).to_string();
    match value {
        serde_json::Value::String(s) if field == "status" => summit::Status::parse(s)
            .map(|s| status_name_in(locale, s))
            .unwrap_or_else(|| s.clone()),
        serde_json::Value::String(s) if s.is_empty() => none(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) if items.is_empty() => none(),
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .map(|item| match field {
                "themes" => themes
                    .iter()
                    .find(|(slug, _)| slug == item)
                    .map_or(item, |(_, name)| name.as_str()),
                _ => item,
            })
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Null => none(),
        other => other.to_string(),
    }
}

/// "Source:" in a given language (calendar entries).
pub fn source_label_in(locale: Locale) -> String {
    td_string!(locale, milestones.source).to_string()
}

/// A kind of e-mail as the account page's choices, the messages' footers
/// and the unsubscribe page name it.
pub fn mail_kind_name_in(locale: Locale, kind: summit::MailKind) -> String {
    use summit::MailKind;
    match kind {
        MailKind::Returned => td_string!(locale, mail.kind_returned),
        MailKind::Approved => td_string!(locale, mail.kind_approved),
        MailKind::DueSoon => td_string!(locale, mail.kind_due_soon),
        MailKind::Overdue => td_string!(locale, mail.kind_overdue),
        MailKind::Digest => td_string!(locale, mail.kind_digest),
        MailKind::Access => td_string!(locale, mail.kind_access),
    }
    .to_string()
}
