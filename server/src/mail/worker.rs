//! The sender every instance runs when mail is configured: at each poll it
//! plans what happened into the outbox (`app::services::mail::plan`) and
//! sends what is due, until the server stops.

use super::send::Sender;
use super::MailConfig;
use app::services::mail::plan;
use app::services::storage::SharedStorage;
use jiff::Timestamp;
use std::time::Duration;
use summit::action::deadline::quarter_hour;

/// Messages claimed at a time.
const BATCH: u32 = 20;

/// Starts the sender; it stops when `stop` resolves. `origin`: the site's
/// public origin, what links in messages start with.
pub fn spawn(
    storage: SharedStorage,
    config: MailConfig,
    origin: String,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Result<tokio::task::JoinHandle<()>, lettre::transport::smtp::Error> {
    let poll = config.timing.poll;
    let lease = config.timing.lease;
    let remind_days = config.remind_days.clone();
    let mut sender = Sender::new(config, origin)?;
    Ok(tokio::spawn(async move {
        let mut stop = stop;
        // What the last reminders pass judged: a new quarter hour (a
        // deadline passing) or new data (a deadline set) plans again.
        let mut planned_for: Option<(Timestamp, u64)> = None;
        loop {
            let now = Timestamp::now();
            if let Err(error) = plan::review_outcomes(&storage, now.as_millisecond()).await {
                tracing::warn!(%error, "review messages not planned; trying at the next poll");
            }
            let moment = (quarter_hour(now), storage.data_version());
            if planned_for != Some(moment) {
                let planned = async {
                    plan::reminders(&storage, &remind_days, now.as_millisecond()).await?;
                    plan::digests(&storage, now, now.as_millisecond()).await
                };
                match planned.await {
                    Ok(_) => planned_for = Some(moment),
                    Err(error) => {
                        tracing::warn!(%error, "reminders not planned; trying at the next poll")
                    }
                }
            }
            send_due(&storage, &mut sender, lease).await;
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                _ = stop.changed() => break,
            }
        }
        tracing::info!("mail sender stopped");
    }))
}

/// Sends every message due now, a batch at a time.
async fn send_due(storage: &SharedStorage, sender: &mut Sender, lease: Duration) {
    sender.new_pass();
    let claim = app::services::accounts::random_hex(16);
    let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
    loop {
        let now_ms = Timestamp::now().as_millisecond();
        let claimed = match storage.claim_mail(now_ms, lease_ms, BATCH, &claim).await {
            Ok(claimed) => claimed,
            Err(error) => {
                tracing::warn!(%error, "the outbox is unreadable; trying at the next poll");
                return;
            }
        };
        if claimed.is_empty() {
            return;
        }
        for mail in &claimed {
            let now_ms = Timestamp::now().as_millisecond();
            let outcome = sender.deliver(storage, mail, now_ms).await;
            match &outcome {
                app::services::storage::MailOutcome::Sent => {
                    tracing::info!(id = mail.id, kind = mail.payload.kind().slug(), "mail sent")
                }
                app::services::storage::MailOutcome::Retry { error, .. } => {
                    tracing::warn!(id = mail.id, attempts = mail.attempts, %error, "mail not sent; will try again")
                }
                app::services::storage::MailOutcome::Failed { error } => {
                    tracing::error!(id = mail.id, attempts = mail.attempts, %error, "mail given up")
                }
                app::services::storage::MailOutcome::Dropped => {
                    tracing::info!(
                        id = mail.id,
                        "mail dropped: its recipient turned the kind off, or its link was used or replaced"
                    )
                }
            }
            let done_ms = Timestamp::now().as_millisecond();
            if let Err(error) = storage
                .finish_mail(mail.id, &claim, &outcome, done_ms)
                .await
            {
                // The lease runs out and another pass takes the message again.
                tracing::warn!(id = mail.id, %error, "the outcome of a mail was not recorded");
            }
        }
    }
}
