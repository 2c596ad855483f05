//! The tracker's filters, shared by the tracker page and the exports so both
//! select exactly the same rows.

use crate::action::{ActionKind, DueState, Status};
use crate::region::Region;
use serde::{Deserialize, Serialize};

/// What the tracker shows: every field optional, all given ones must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TrackerFilter {
    pub region: Option<Region>,
    pub theme: Option<String>,
    pub status: Option<Status>,
    pub kind: Option<ActionKind>,
    /// Where the action stands against its deadline; an action without a
    /// deadline matches no `due` filter.
    pub due: Option<DueState>,
}

/// A filter value that names nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {field}: {value:?}")]
pub struct FilterError {
    pub field: &'static str,
    pub value: String,
}

impl TrackerFilter {
    /// Reads `region`, `theme`, `status`, `kind` and `due`; empty values
    /// mean "any".
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Result<Self, FilterError> {
        let value = |key: &str| get(key).filter(|v| !v.is_empty());
        let err = |field: &'static str, value: &str| FilterError {
            field,
            value: value.chars().take(100).collect(),
        };
        Ok(TrackerFilter {
            region: value("region")
                .map(|v| Region::parse(&v).map_err(|_| err("region", &v)))
                .transpose()?,
            theme: value("theme")
                .map(|v| {
                    let ok = v.len() <= 64
                        && v.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    if ok {
                        Ok(v)
                    } else {
                        Err(err("theme", &v))
                    }
                })
                .transpose()?,
            status: value("status")
                .map(|v| Status::parse(&v).ok_or_else(|| err("status", &v)))
                .transpose()?,
            kind: value("kind")
                .map(|v| ActionKind::parse(&v).ok_or_else(|| err("kind", &v)))
                .transpose()?,
            due: value("due")
                .map(|v| DueState::parse(&v).ok_or_else(|| err("due", &v)))
                .transpose()?,
        })
    }

    /// Whether one action passes the filter.
    pub fn matches(
        &self,
        region: Option<Region>,
        kind: ActionKind,
        status: Status,
        due: Option<DueState>,
        themes: &[String],
    ) -> bool {
        self.region.is_none_or(|r| region == Some(r))
            && self.kind.is_none_or(|k| kind == k)
            && self.status.is_none_or(|s| status == s)
            && self.due.is_none_or(|d| due == Some(d))
            && self.theme.as_ref().is_none_or(|t| themes.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(pairs: &[(&str, &str)]) -> Result<TrackerFilter, FilterError> {
        TrackerFilter::parse(|k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn empty_values_mean_any() {
        assert_eq!(
            filter(&[("region", ""), ("status", "")]).unwrap(),
            TrackerFilter::default()
        );
    }

    #[test]
    fn unknown_values_are_named() {
        assert_eq!(
            filter(&[("status", "done")]).unwrap_err(),
            FilterError {
                field: "status",
                value: "done".into()
            }
        );
        assert!(filter(&[("region", "europe")]).is_err());
        assert!(filter(&[("theme", "<b>")]).is_err());
    }

    #[test]
    fn all_given_fields_must_match() {
        let f = filter(&[("region", "africa"), ("status", "completed")]).unwrap();
        let themes = vec!["digitalisation".to_string()];
        assert!(f.matches(
            Some(Region::Africa),
            ActionKind::NationalStrategy,
            Status::Completed,
            None,
            &themes
        ));
        assert!(!f.matches(
            Some(Region::ArabStates),
            ActionKind::NationalStrategy,
            Status::Completed,
            None,
            &themes
        ));
        assert!(!f.matches(
            Some(Region::Africa),
            ActionKind::NationalStrategy,
            Status::AtRisk,
            None,
            &themes
        ));
        let t = filter(&[("theme", "digitalisation")]).unwrap();
        assert!(t.matches(
            None,
            ActionKind::FinancingPathway,
            Status::NotReported,
            None,
            &themes
        ));
        assert!(!t.matches(
            None,
            ActionKind::FinancingPathway,
            Status::NotReported,
            None,
            &[]
        ));
        let due = filter(&[("due", "overdue")]).unwrap();
        let overdue = Some(DueState::Overdue);
        let any = |d| due.matches(None, ActionKind::NationalStrategy, Status::AtRisk, d, &[]);
        assert!(any(overdue));
        assert!(!any(Some(DueState::DueSoon)));
        // No deadline: never overdue.
        assert!(!any(None));
        assert!(filter(&[("due", "late")]).is_err());
    }
}
