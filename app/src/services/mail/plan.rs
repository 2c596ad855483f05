//! What to send, decided from what happened (server only): the review steps
//! since the last pass (returned, approved), the reminders actions' deadlines
//! reached (due in N days, overdue), and the week's digests. A pass is
//! queued all or nothing (`MailStorage::enqueue_mail`): instances planning
//! at once each find the other's marks or cursor moved, and the loser
//! queues nothing, so every message is queued once.

use crate::model::{
    Account, ActionEntry, ActionTarget, CountryEntry, Digest, DueItem, MailPayload, MovedItem,
};
use crate::services::storage::{
    every_change, ChangeQuery, CursorMove, MailBatch, NewMail, ProposalQuery, SharedStorage,
    StorageError,
};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};
use summit::mail::{digest_week, reminders_reached, Reminder};
use summit::{Coverage, DueState, Iso3, Language, MailKind, Region, ReviewState, ReviewStep, Role};

/// The review history's cursor.
pub const STEPS_CURSOR: &str = "review-steps";
/// Review steps turned into messages per pass, at most.
const STEPS_PER_PASS: u32 = 200;

/// Queues a message for every review step since the last pass that tells
/// its author something: a return (with its comment) or an approval. The
/// first pass ever only sets the cursor: steps from before mail was set up
/// are not mailed. Returns how many messages were queued.
pub async fn review_outcomes(storage: &SharedStorage, now_ms: i64) -> Result<usize, StorageError> {
    let Some(from) = storage.mail_cursor(STEPS_CURSOR).await? else {
        let last = storage.last_review_step().await?;
        let start = MailBatch {
            cursor: Some(CursorMove {
                name: STEPS_CURSOR,
                from: None,
                to: last,
            }),
            ..MailBatch::default()
        };
        storage.enqueue_mail(&start, now_ms).await?;
        return Ok(0);
    };
    let steps = storage.review_steps_after(from, STEPS_PER_PASS).await?;
    let Some(last) = steps.last().map(|s| s.id) else {
        return Ok(0);
    };
    let messages: Vec<NewMail> = steps
        .into_iter()
        .filter_map(|step| {
            let payload = match step.step {
                ReviewStep::Return => MailPayload::Returned {
                    proposal: step.proposal,
                    target: step.target,
                    action: step.kind,
                    reviewer: step.by,
                    comment: step.comment,
                },
                ReviewStep::Approve => MailPayload::Approved {
                    proposal: step.proposal,
                    target: step.target,
                    action: step.kind,
                    reviewer: step.by,
                },
                ReviewStep::Propose | ReviewStep::Revise | ReviewStep::Withdraw => return None,
            };
            Some(NewMail {
                dedupe_key: format!("step:{}", step.id),
                user_id: step.author_id,
                payload,
            })
        })
        .collect();
    let batch = MailBatch {
        cursor: Some(CursorMove {
            name: STEPS_CURSOR,
            from: Some(from),
            to: last,
        }),
        ..MailBatch {
            messages,
            ..MailBatch::default()
        }
    };
    let count = batch.messages.len();
    Ok(if storage.enqueue_mail(&batch, now_ms).await? {
        count
    } else {
        0
    })
}

/// Every action with where it belongs: its country (with the country's
/// coverage) or its region.
struct Located {
    target: ActionTarget,
    coverage: Option<Coverage>,
    action: ActionEntry,
}

async fn every_action(
    storage: &SharedStorage,
    countries: &[CountryEntry],
) -> Result<Vec<Located>, StorageError> {
    let coverage: HashMap<Iso3, Coverage> =
        countries.iter().map(|c| (c.iso3, c.coverage)).collect();
    let mut all: Vec<Located> = storage
        .all_country_actions(Language::En)
        .await?
        .into_iter()
        .map(|(iso3, action)| Located {
            target: ActionTarget::Country(iso3),
            coverage: coverage.get(&iso3).copied(),
            action,
        })
        .collect();
    for region in Region::ALL {
        for action in storage.region_actions(region, Language::En).await? {
            all.push(Located {
                target: ActionTarget::Region(region),
                coverage: None,
                action,
            });
        }
    }
    Ok(all)
}

/// Whether `account`'s scope holds the action's country or region.
fn in_scope(account: &Account, target: ActionTarget, coverage: Option<Coverage>) -> bool {
    let everything = account.role == Role::Admin;
    match target {
        ActionTarget::Country(iso3) => {
            everything || coverage.is_some_and(|c| account.scope.holds_country(iso3, c))
        }
        ActionTarget::Region(region) => everything || account.scope.regions.contains(&region),
    }
}

fn due_item(located: &Located) -> Option<DueItem> {
    let due = located.action.due.as_ref()?;
    Some(DueItem {
        target: located.target,
        action: located.action.kind,
        due: due.date,
        days_left: due.days_left,
    })
}

fn target_key(target: ActionTarget) -> String {
    match target {
        ActionTarget::Country(iso3) => iso3.to_string(),
        ActionTarget::Region(region) => region.slug().to_owned(),
    }
}

/// Queues, for each editor, one message listing the actions in their scope
/// that reached a reminder since the last pass (`remind_days`: the "due in
/// N days" reminders), and one listing those that became overdue. Each
/// action's reminder is marked once per deadline day, whoever receives it.
pub async fn reminders(
    storage: &SharedStorage,
    remind_days: &[u16],
    now_ms: i64,
) -> Result<usize, StorageError> {
    let sent: HashSet<String> = storage.mail_marks("reminder:").await?.into_iter().collect();
    let countries = storage.countries(Language::En).await?;
    let mut marks = Vec::new();
    let mut reached: Vec<(Located, Reminder)> = Vec::new();
    for located in every_action(storage, &countries).await? {
        let Some(due) = &located.action.due else {
            continue;
        };
        let fresh: Vec<(Reminder, String)> =
            reminders_reached(due.state, due.days_left, remind_days)
                .into_iter()
                .map(|r| {
                    let mark = format!(
                        "reminder:{}:{}:{}:{}",
                        target_key(located.target),
                        located.action.kind.slug(),
                        due.date,
                        r.key()
                    );
                    (r, mark)
                })
                .filter(|(_, mark)| !sent.contains(mark))
                .collect();
        // The nearest reminder reached stands for the ones passed with it.
        if let Some((nearest, _)) = fresh.first() {
            reached.push((located, *nearest));
            marks.extend(fresh.into_iter().map(|(_, mark)| mark));
        }
    }
    if marks.is_empty() {
        return Ok(0);
    }
    let mut messages = Vec::new();
    for account in storage.users().await? {
        if account.role != Role::Editor {
            continue;
        }
        for kind in [MailKind::DueSoon, MailKind::Overdue] {
            let items: Vec<DueItem> = reached
                .iter()
                .filter(|(l, r)| r.kind() == kind && in_scope(&account, l.target, l.coverage))
                .filter_map(|(l, _)| due_item(l))
                .collect();
            if items.is_empty() {
                continue;
            }
            let payload = match kind {
                MailKind::Overdue => MailPayload::Overdue { items },
                _ => MailPayload::DueSoon { items },
            };
            messages.push(NewMail {
                dedupe_key: format!("reminder:{}:{}:{now_ms}", account.id, kind.slug()),
                user_id: account.id,
                payload,
            });
        }
    }
    let count = messages.len();
    let batch = MailBatch {
        messages,
        marks,
        cursor: None,
    };
    Ok(if storage.enqueue_mail(&batch, now_ms).await? {
        count
    } else {
        0
    })
}

/// Queues this week's digest for every reviewer and administrator with
/// something in it, once per week (a mark for the week's pass).
pub async fn digests(
    storage: &SharedStorage,
    now: Timestamp,
    now_ms: i64,
) -> Result<usize, StorageError> {
    let week = digest_week(now);
    let week_mark = format!("digest:{week}");
    if !storage.mail_marks(&week_mark).await?.is_empty() {
        return Ok(0);
    }
    let readers: Vec<Account> = storage
        .users()
        .await?
        .into_iter()
        .filter(|a| MailKind::Digest.reaches(a.role))
        .collect();
    let countries = storage.countries(Language::En).await?;
    let coverage: HashMap<Iso3, Coverage> =
        countries.iter().map(|c| (c.iso3, c.coverage)).collect();
    let actions = every_action(storage, &countries).await?;
    let since = now
        .checked_sub(jiff::SignedDuration::from_hours(7 * 24))
        .unwrap_or(now)
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let query = ChangeQuery {
        since: Some(since),
        newest_first: true,
        limit: 500,
        ..ChangeQuery::default()
    };
    let changes = every_change(storage.as_ref(), query).await?;
    let open = storage
        .proposals(ProposalQuery {
            open_only: true,
            target: None,
            limit: 10_000,
        })
        .await?;
    let mut messages = Vec::new();
    for account in &readers {
        let scoped = |target: ActionTarget| {
            let c = match target {
                ActionTarget::Country(iso3) => coverage.get(&iso3).copied(),
                ActionTarget::Region(_) => None,
            };
            in_scope(account, target, c)
        };
        let moved: Vec<MovedItem> = changes
            .iter()
            .filter(|c| scoped(c.target))
            .map(|c| MovedItem {
                target: c.target,
                action: c.kind,
                day: c.changed_at.chars().take(10).collect(),
                by: c.changed_by.clone(),
            })
            .collect();
        let overdue: Vec<DueItem> = actions
            .iter()
            .filter(|l| {
                l.action
                    .due
                    .as_ref()
                    .is_some_and(|d| d.state == DueState::Overdue)
            })
            .filter(|l| in_scope(account, l.target, l.coverage))
            .filter_map(due_item)
            .collect();
        let awaiting = open
            .iter()
            .filter(|p| {
                p.state == ReviewState::Pending && p.author_id != account.id && scoped(p.target)
            })
            .count();
        let digest = Digest {
            week,
            moved_total: u32::try_from(moved.len()).unwrap_or(u32::MAX),
            moved: moved.into_iter().take(Digest::LISTED).collect(),
            awaiting_review: u32::try_from(awaiting).unwrap_or(u32::MAX),
            overdue_total: u32::try_from(overdue.len()).unwrap_or(u32::MAX),
            overdue: overdue.into_iter().take(Digest::LISTED).collect(),
        };
        if digest.is_empty() {
            continue;
        }
        messages.push(NewMail {
            dedupe_key: format!("digest:{week}:{}", account.id),
            user_id: account.id,
            payload: MailPayload::Digest(Box::new(digest)),
        });
    }
    let count = messages.len();
    let batch = MailBatch {
        messages,
        marks: vec![week_mark],
        cursor: None,
    };
    Ok(if storage.enqueue_mail(&batch, now_ms).await? {
        count
    } else {
        0
    })
}
