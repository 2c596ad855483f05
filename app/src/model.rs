//! Data the pages receive from server functions (shared by server and browser).

mod brief;
mod forms;
mod home;
mod mail;
mod review;
mod sheets;
mod sign_in;

pub use brief::{Brief, BriefChart, BriefLink, BriefTable};
pub use forms::{AdminData, BriefingFields, MilestoneFields};
pub use home::{HomeData, RecentChange};
pub use mail::{Digest, DueItem, MailPayload, MailSettings, MovedItem, OutboxStatus};
pub use review::{
    EditOutcome, Proposal, ReviewContext, ReviewItem, ReviewPageData, ReviewStepEntry,
};
pub use sheets::{RowView, UploadView, WriteResult};
pub use sign_in::{
    IdentityInfo, ProviderButton, SignInAdmin, SignInMethods, SignInOptions, SignInRequest,
};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use summit::map::BBox;
use summit::{
    ActionKind, ActionPatch, Briefing, Coverage, Iso3, Milestone, Progress, Region,
    SeriesAttendance, Window, M49,
};

/// A country as lists, the map and its tooltip show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryEntry {
    pub iso3: Iso3,
    pub m49: M49,
    pub name: String,
    pub coverage: Coverage,
    /// Its follow-up actions' statuses, counted.
    pub progress: Progress,
    /// The most pressing deadline state of its actions (the map's deadline
    /// mode); `None` when none of them has a deadline. Filled by the views
    /// from the actions' judged deadlines (`services::deadlines::with_due`),
    /// not by the storage.
    pub due: Option<summit::DueState>,
}

/// What the map needs besides the path data: names, regions, progress, and the
/// boxes to zoom to (computed on the server, so server and browser agree).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    pub width: f64,
    pub height: f64,
    #[serde(with = "country_rows")]
    pub countries: Vec<CountryEntry>,
    pub region_bounds: Vec<(Region, BBox)>,
    /// A past state (`?at=`): the shapes' colours are drawn for it alone,
    /// not taken from the markup shared by today's pages.
    pub past: bool,
    /// Everyday names the search also finds, where they differ from the UN
    /// names shown: rows `ISO3\tname\n` (`services::aliases`).
    #[serde(default)]
    pub everyday_names: String,
}

/// The map's countries on the wire as one string of tab-separated rows
/// (`KEN\t404\tKenya\tafrica\t7,1,2,3,0,1\toverdue`; `-` for no country
/// team, and for no deadline),
/// not an array of objects: the island's props carry ~250 of them on every
/// map page, and as JSON objects, HTML-escaped into `data-props`, they were
/// 93 KB of each 265 KB home page to serialise, escape and compress. The rows
/// are ~11 KB. Names are one line of text: a tab or line break in one (never
/// in the seed) is written as a space.
mod country_rows {
    use super::CountryEntry;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::fmt::Write;
    use summit::{Coverage, DueState, Iso3, Progress, Region, M49};

    pub fn serialize<S: Serializer>(rows: &[CountryEntry], out: S) -> Result<S::Ok, S::Error> {
        let mut text = String::with_capacity(rows.len() * 48);
        for c in rows {
            let p = c.progress;
            let region = match c.coverage {
                Coverage::Region(r) => r.slug(),
                Coverage::NoCountryTeam => "-",
            };
            let _ = write!(text, "{}\t{}\t", c.iso3, c.m49);
            text.extend(c.name.chars().map(|ch| match ch {
                '\t' | '\n' | '\r' => ' ',
                ch => ch,
            }));
            let _ = writeln!(
                text,
                "\t{region}\t{},{},{},{},{},{}\t{}",
                p.total,
                p.completed,
                p.in_progress,
                p.not_started,
                p.at_risk,
                p.not_reported,
                c.due.map_or("-", DueState::slug)
            );
        }
        out.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Vec<CountryEntry>, D::Error> {
        let text = String::deserialize(input)?;
        text.lines()
            .map(row)
            .collect::<Option<_>>()
            .ok_or_else(|| D::Error::custom("a map row"))
    }

    fn row(line: &str) -> Option<CountryEntry> {
        let mut cells = line.split('\t');
        let iso3 = Iso3::parse(cells.next()?).ok()?;
        let m49 = M49::parse(cells.next()?).ok()?;
        let name = cells.next()?.to_owned();
        let coverage = match cells.next()? {
            "-" => Coverage::NoCountryTeam,
            slug => Coverage::Region(Region::parse(slug).ok()?),
        };
        let mut n = cells.next()?.split(',').map(|n| n.parse::<u32>().ok());
        let mut next = || n.next().flatten();
        let progress = Progress {
            total: next()?,
            completed: next()?,
            in_progress: next()?,
            not_started: next()?,
            at_risk: next()?,
            not_reported: next()?,
        };
        let due = match cells.next()? {
            "-" => None,
            slug => Some(DueState::parse(slug)?),
        };
        Some(CountryEntry {
            iso3,
            m49,
            name,
            coverage,
            progress,
            due,
        })
    }
}

/// A region page's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionData {
    pub region: Region,
    pub briefing: Option<Briefing>,
    pub attendance: SeriesAttendance,
    pub map: MapData,
    pub progress: Progress,
    pub rollup: Rollup,
    /// The region's own actions (regional strategy and coordination).
    pub actions: Vec<ActionEntry>,
    pub history: Vec<HistoryEntry>,
    pub themes: Vec<(String, String)>,
}

/// A milestone with its text in the page's language and its resolved window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneEntry {
    pub milestone: Milestone,
    pub window: Window,
    pub title: String,
    pub description: String,
    /// The text is the English fallback: no translation was entered.
    pub in_english: bool,
    /// The source named in the reader's language where it exists there
    /// (`milestone.source` stays the stored, English name).
    pub source_name: String,
    pub source_in_english: bool,
    /// The milestone's time zone named in the reader's language ("Qatar Time").
    pub zone_name: String,
}

/// The milestones, with the instant the server rendered them at (the first
/// browser render uses it too, so hydration matches).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestonesData {
    pub rendered_at: Timestamp,
    pub milestones: Vec<MilestoneEntry>,
}

/// One follow-up action as the country page and the API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionEntry {
    pub kind: summit::ActionKind,
    pub status: summit::Status,
    /// Theme slugs with their names in the page's language.
    pub themes: Vec<(String, String)>,
    pub evidence: Vec<String>,
    pub note: String,
    pub updated_by: Option<String>,
    pub updated_at: Option<String>,
    pub version: i64,
    /// Its deadline and where it stands against it; `None` when no deadline
    /// applies.
    pub due: Option<Due>,
}

/// The deadline that applies to one action, and where the action stands
/// against it, judged by the server (`services::deadlines`): at the quarter
/// hour for the live state, at the end of the day for a past one (`?at=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The day it is due by the end of, where the deadline is.
    pub date: jiff::civil::Date,
    /// The deadline's IANA zone (for the API; people read `zone_name`).
    pub zone: String,
    /// The zone as a reader of the page's language names it ("Eastern Time").
    pub zone_name: String,
    /// Whether this country's own deadline, not its kind's, applies.
    pub own: bool,
    /// The meeting the report is due before, in the page's language.
    pub milestone: Option<String>,
    pub state: summit::DueState,
    /// Calendar days left where the deadline is, its own day counted (1 on
    /// the last day, negative once passed).
    pub days_left: i64,
}

/// A deadline as the administration page and the API list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineEntry {
    pub kind: summit::ActionKind,
    /// `None`: every action of the kind; else this country's own.
    pub country: Option<summit::Iso3>,
    /// The country's name in the language asked for.
    pub country_name: Option<String>,
    pub date: jiff::civil::Date,
    pub zone: String,
    pub zone_name: String,
    /// The meeting it is due before (its slug and title in the language
    /// asked for), when it follows one.
    pub milestone: Option<(String, String)>,
    pub set_by: String,
    pub set_at: String,
}

/// A country page's content: the country, its actions and their history, and
/// the themes an editor can choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryData {
    pub country: CountryEntry,
    pub actions: Vec<ActionEntry>,
    pub history: Vec<HistoryEntry>,
    pub themes: Vec<(String, String)>,
}

/// Progress of the actions tagged with one theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeProgress {
    pub slug: String,
    pub name: String,
    pub progress: Progress,
}

/// Roll-ups over a set of countries' actions: by region and by theme.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollup {
    pub overall: Progress,
    pub by_region: Vec<(Region, Progress)>,
    pub by_theme: Vec<ThemeProgress>,
}

/// One country's row in the tracker matrix: its statuses (and each action's
/// theme slugs) in `ActionKind::COUNTRY` order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerRow {
    pub country: CountryEntry,
    pub statuses: Vec<summit::Status>,
    /// Per kind, like `statuses`: where each action stands against its
    /// deadline, if it has one.
    pub due: Vec<Option<summit::DueState>>,
    pub themes: Vec<Vec<String>>,
}

/// The tracker page's data: every served country's row, and the themes to filter by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerData {
    pub themes: Vec<(String, String)>,
    pub rows: Vec<TrackerRow>,
}

/// An account as pages and the API show it: never a password or its hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: summit::Role,
    pub scope: summit::Scope,
    /// Disabled by an administrator: cannot sign in, no session or token works.
    #[serde(default)]
    pub disabled: bool,
}

impl Account {
    pub fn actor(&self) -> summit::Actor {
        summit::Actor {
            id: self.id,
            name: self.name.clone(),
            role: self.role,
            scope: self.scope.clone(),
        }
    }
}

/// One entry of an action's history: who changed what, from what to what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub kind: summit::ActionKind,
    pub version: i64,
    pub changed_by: String,
    pub changed_at: String,
    pub changes: Vec<summit::Change>,
    pub note: String,
    /// The file the change came from (the spreadsheet round-trip), if any.
    pub source: Option<String>,
}

/// One change to one action, across the whole history: what the feeds and
/// `/api/v1/changes` list. `id` orders changes as they were committed and is
/// the paging cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub id: i64,
    pub target: ActionTarget,
    /// The target country's region (or the region, for its own actions).
    pub region: Option<Region>,
    pub kind: summit::ActionKind,
    pub version: i64,
    pub changed_by: String,
    pub changed_at: String,
    pub changes: Vec<summit::Change>,
    pub note: String,
}

/// How many actions were in each status on each sampled day since the
/// summit (`counts[i]` in `Status::ALL` order, for `days[i]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub days: Vec<jiff::civil::Date>,
    pub counts: Vec<[u32; 5]>,
    /// The actions counted (every day's counts add up to it).
    pub total: u32,
}

/// Which changes to list (every filter optional), in which order, how many.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeQuery {
    pub region: Option<Region>,
    pub country: Option<Iso3>,
    pub kind: Option<summit::ActionKind>,
    /// Changes to actions tagged with this theme (as they are now).
    pub theme: Option<String>,
    /// Changes at or after this instant, `YYYY-MM-DDTHH:MM:SS` in UTC (no
    /// zone letter: stored instants carry a variable number of decimals, and
    /// this prefix sorts before all of them within its second).
    pub since: Option<String>,
    /// Changes before this instant, in the same form (the end of a past date).
    pub before: Option<String>,
    /// Changes after this id (the API's cursor).
    pub after: Option<i64>,
    /// Newest first (feeds) instead of oldest first (paging).
    pub newest_first: bool,
    pub limit: u32,
}

/// A bearer token as its owner sees it (the secret is shown once, at creation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// Whose actions: a country's, or a region's own (a domain type).
pub use summit::ActionTarget;

/// An edit as the form sends it: which action, the version it was based on,
/// and the fields to change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionEdit {
    pub target: ActionTarget,
    pub kind: ActionKind,
    pub version: i64,
    pub patch: ActionPatch,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(iso3: &str, m49: &str, name: &str, coverage: Coverage, total: u32) -> CountryEntry {
        CountryEntry {
            iso3: Iso3::parse(iso3).unwrap(),
            m49: M49::parse(m49).unwrap(),
            name: name.to_owned(),
            coverage,
            progress: Progress {
                total,
                completed: 1,
                in_progress: 2,
                not_started: 3,
                at_risk: 0,
                not_reported: total.saturating_sub(6),
            },
            due: (total > 0).then_some(summit::DueState::DueSoon),
        }
    }

    fn map(countries: Vec<CountryEntry>) -> MapData {
        MapData {
            width: 1000.0,
            height: 487.0,
            countries,
            region_bounds: vec![(Region::Africa, BBox::new(1.0, 2.0, 3.0, 4.0))],
            past: false,
            everyday_names: String::new(),
        }
    }

    #[test]
    fn the_map_countries_travel_as_rows_and_come_back_the_same() {
        let data = map(vec![
            entry(
                "CIV",
                "384",
                "Côte d'Ivoire \"&<>",
                Coverage::Region(Region::Africa),
                9,
            ),
            entry("ALA", "248", "Åland Islands", Coverage::NoCountryTeam, 0),
        ]);
        let json = serde_json::to_string(&data).unwrap();
        assert!(
            json.contains(
                r#""countries":"CIV\t384\tCôte d'Ivoire \"&<>\tafrica\t9,1,2,3,0,3\tdue-soon\nALA"#
            ),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<MapData>(&json).unwrap(), data);
    }

    #[test]
    fn a_line_break_in_a_name_cannot_make_a_row() {
        let data = map(vec![entry(
            "KEN",
            "404",
            "Ken\nya\tX",
            Coverage::Region(Region::Africa),
            6,
        )]);
        let back: MapData = serde_json::from_str(&serde_json::to_string(&data).unwrap()).unwrap();
        assert_eq!(back.countries.len(), 1);
        assert_eq!(back.countries[0].name, "Ken ya X");
    }

    #[test]
    fn a_damaged_row_is_an_error_not_a_guess() {
        let json = r#"{"width":1.0,"height":1.0,"countries":"KEN\t404\tKenya\tnowhere\t1,1,0,0,0,0\n","region_bounds":[],"past":false}"#;
        assert!(serde_json::from_str::<MapData>(json).is_err());
    }
}
