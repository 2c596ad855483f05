//! E-mail (issue 29) against a real SMTP server on loopback: Python's
//! `aiosmtpd` (`server/tests/mail/smtp_sink.py`), which parses every message
//! back with Python's `email` package. What a review step tells its author,
//! in the author's language, with one-click unsubscribe (RFC 8058); the
//! reminders and digests, each sent once however many instances run; a mail
//! server that hangs or refuses, which loses nothing and says why; and no
//! mail server at all, which the pages say.

use crate::review::{review_africa, step};
use crate::support::{spawn_app_on_with, spawn_app_with, spawn_client, TestApp, PASSWORD};
use app::services::storage::MailStorage;
use serde_json::{json, Value};
use server::config::PublicUrl;
use server::mail::{MailConfig, MailTiming};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::Duration;

const KENYA: &str = "/api/v1/countries/KEN/actions/national-strategy";

/// The test SMTP server: a child process, killed when dropped.
pub(crate) struct Sink {
    pub(crate) port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

pub(crate) fn python() -> String {
    std::env::var("SUMMIT_TEST_PYTHON").unwrap_or_else(|_| {
        let venv = "/var/cache/summit-ci/venv-mail/bin/python";
        if std::path::Path::new(venv).exists() {
            venv.to_owned()
        } else {
            "python3".to_owned()
        }
    })
}

impl Sink {
    /// `mode`: accept, refuse (550) or defer (451); `port` 0 for a free one.
    pub(crate) fn start(mode: &str, port: u16) -> Sink {
        let dir = tempfile::tempdir().unwrap();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/mail/smtp_sink.py");
        let (child, line) = crate::support::start_helper(
            Command::new(python())
                .arg(script)
                .arg(mode)
                .arg(dir.path())
                .arg(port.to_string()),
            "python (make unit installs aiosmtpd)",
        );
        let port = line
            .parse()
            .unwrap_or_else(|_| panic!("smtp_sink.py printed {line:?} (is aiosmtpd installed?)"));
        Sink { port, dir, child }
    }

    /// Every message received so far, oldest first.
    pub(crate) fn messages(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
            .collect()
    }

    /// Waits until `n` messages arrived (at most 15 seconds).
    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..150 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} messages arrived, not {n}", self.messages().len());
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Mail through the sink on `port`, on a fast clock.
pub(crate) fn mail_to(port: u16) -> MailConfig {
    let vars = [
        ("SUMMIT_SMTP_URL", format!("smtp://127.0.0.1:{port}")),
        (
            "SUMMIT_MAIL_FROM",
            "Social Summit Tracker <noreply@tracker.example>".to_owned(),
        ),
    ];
    let mut config = MailConfig::from_lookup(&|k: &str| {
        vars.iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| v.clone())
    })
    .unwrap()
    .unwrap();
    config.timing = MailTiming {
        poll: Duration::from_millis(100),
        retry_base: Duration::from_millis(200),
        lease: Duration::from_secs(3),
        smtp_timeout: Duration::from_millis(700),
    };
    config
}

/// Review on for Africa, with an editor (amina@un.org) and a reviewer
/// (rev@un.org) of it: their bearer tokens.
async fn editor_and_reviewer(app: &TestApp) -> (String, String) {
    review_africa(app).await;
    app.create_user("amina@un.org", "editor", "africa", "")
        .await;
    app.create_user("rev@un.org", "reviewer", "africa", "")
        .await;
    (
        app.token("amina@un.org").await,
        app.token("rev@un.org").await,
    )
}

/// Kenya's national strategy's version, as the public API shows it.
async fn version(app: &TestApp) -> i64 {
    crate::deadlines::strategy(app, "KEN").await["version"]
        .as_i64()
        .unwrap()
}

/// Proposes a change of Kenya's strategy as `editor`: the proposal's id.
async fn propose(app: &TestApp, editor: &str, note: &str) -> i64 {
    let response = app
        .patch_action(
            Some(editor),
            KENYA,
            Some(version(app).await),
            json!({ "note": note }),
        )
        .await;
    assert_eq!(response.status(), 202);
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

async fn mail_settings(app: &TestApp, token: &str) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/me/mail"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    response.json().await.unwrap()
}

fn kind_on(settings: &Value, kind: &str) -> bool {
    settings["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {settings}"))["on"]
        .as_bool()
        .unwrap()
}

#[tokio::test]
async fn a_review_step_reaches_its_author_in_their_language_with_one_click_unsubscribe() {
    let sink = Sink::start("accept", 0);
    let app = spawn_app_with(|c| {
        c.mail = Some(mail_to(sink.port));
        c.public_url = PublicUrl::parse("https://tracker.example");
    })
    .await;
    let (editor, reviewer) = editor_and_reviewer(&app).await;

    // The editor reads Russian; a language that does not exist is refused.
    let put = |body: Value| {
        app.client
            .put(app.url("/api/v1/me/mail"))
            .bearer_auth(&editor)
            .json(&body)
            .send()
    };
    assert_eq!(
        put(json!({ "language": "xx", "on": [] }))
            .await
            .unwrap()
            .status(),
        422
    );
    assert_eq!(
        put(json!({ "language": "ru", "on": ["weekly"] }))
            .await
            .unwrap()
            .status(),
        422
    );
    let saved =
        put(json!({ "language": "ru", "on": ["returned", "approved", "due-soon", "overdue"] }))
            .await
            .unwrap();
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["sending"], true);
    assert_eq!(saved["language"], "ru");

    // Returned with a comment that tries markup and a header of its own.
    let id = propose(&app, &editor, "Adopted in May.").await;
    let comment = "Source missing <script>alert(1)</script>\nBcc: victim@example.org";
    let returned = step(
        &app,
        &reviewer,
        id,
        json!({ "step": "return", "comment": comment }),
    )
    .await;
    assert_eq!(returned.status(), 202);
    let mail = sink.wait_for(1).await.remove(0);
    assert_eq!(mail["rcpt_tos"], json!(["amina@un.org"]), "{mail}");
    assert_eq!(mail["to"], "amina@un.org");
    assert_eq!(
        (mail["cc"].as_str(), mail["bcc"].as_str()),
        (Some(""), Some(""))
    );
    assert_eq!(
        mail["from"],
        "Social Summit Tracker <noreply@tracker.example>"
    );
    assert_eq!(mail["content_language"], "ru");
    assert_eq!(mail["auto_submitted"], "auto-generated");
    let subject = mail["subject"].as_str().unwrap();
    assert!(subject.starts_with("Возвращено на доработку"), "{subject}");
    assert!(subject.contains("Кения"), "{subject}");
    assert_eq!(
        mail["parts"],
        json!(["multipart/alternative", "text/plain", "text/html"])
    );
    let text = mail["text"].as_str().unwrap();
    assert!(
        text.contains("> Source missing <script>alert(1)</script>"),
        "{text}"
    );
    assert!(text.contains("> Bcc: victim@example.org"), "{text}");
    let html = mail["html"].as_str().unwrap();
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "{html}"
    );
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"ru\" dir=\"ltr\">"),
        "{html}"
    );
    let links: Vec<&str> = mail["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        links
            .iter()
            .all(|l| l.starts_with("https://tracker.example/")),
        "{links:?}"
    );
    assert!(
        links.contains(&format!("https://tracker.example/ru/review#proposal-{id}").as_str()),
        "{links:?}"
    );
    let unsubscribe = mail["list_unsubscribe"].as_str().unwrap();
    assert!(
        unsubscribe.starts_with("<https://tracker.example/mail/unsubscribe?t="),
        "{unsubscribe}"
    );
    assert_eq!(mail["list_unsubscribe_post"], "List-Unsubscribe=One-Click");
    let message_id = mail["message_id"].as_str().unwrap();
    assert!(message_id.ends_with("@tracker.example>"), "{message_id}");

    // Revised and approved: the author hears of it.
    let revised = app
        .patch_action(
            Some(&editor),
            KENYA,
            Some(version(&app).await),
            json!({ "note": "Adopted on 12 May." }),
        )
        .await;
    assert_eq!(revised.status(), 202);
    assert_eq!(
        step(&app, &reviewer, id, json!({ "step": "approve" }))
            .await
            .status(),
        200
    );
    let approved = sink.wait_for(2).await.remove(1);
    assert!(
        approved["subject"]
            .as_str()
            .unwrap()
            .starts_with("Утверждено и опубликовано"),
        "{approved}"
    );
    assert!(approved["links"]
        .as_array()
        .unwrap()
        .contains(&json!("https://tracker.example/ru/countries/KEN")));

    // One click: a POST with no cookie, as a mail provider makes it.
    let link = approved["list_unsubscribe"]
        .as_str()
        .unwrap()
        .trim_matches(['<', '>']);
    let link = link.replace("https://tracker.example", &app.address);
    let token = link
        .split("t=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM unsubscribe_tokens")
        .fetch_all(app.storage.pool())
        .await
        .unwrap();
    assert!(
        !stored.iter().any(|h| h == &token),
        "only the token's hash is kept"
    );
    assert!(stored.contains(&app::services::accounts::token_hash(&token)));
    let stranger = spawn_client();
    let confirm = stranger.get(&link).send().await.unwrap();
    assert_eq!(confirm.status(), 200, "opening the link changes nothing");
    assert_eq!(confirm.headers()["cache-control"], "private, no-store");
    assert!(kind_on(&mail_settings(&app, &editor).await, "approved"));
    let one_click = |url: String| {
        stranger
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
    };
    let done = one_click(link.clone()).await.unwrap();
    assert_eq!(done.status(), 200);
    let page = done.text().await.unwrap();
    assert!(
        page.contains("lang=\"ru\"") && page.contains("Готово"),
        "{page}"
    );
    let settings = mail_settings(&app, &editor).await;
    assert!(!kind_on(&settings, "approved"));
    assert!(kind_on(&settings, "returned"), "only that kind is off");
    let again = one_click(link.clone()).await.unwrap();
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("уже использована"));
    let forged = one_click(format!("{}/mail/unsubscribe?t=00ff&lang=ru", app.address))
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);

    // Approved again: that kind is no longer sent; a return still is.
    let id = propose(&app, &editor, "Second change.").await;
    assert_eq!(
        step(&app, &reviewer, id, json!({ "step": "approve" }))
            .await
            .status(),
        200
    );
    let id = propose(&app, &editor, "Third change.").await;
    assert_eq!(
        step(
            &app,
            &reviewer,
            id,
            json!({ "step": "return", "comment": "Why?" })
        )
        .await
        .status(),
        202
    );
    let all = sink.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 3, "{all:?}");
    assert!(all[2]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Возвращено"));
}

/// A listener that takes connections and never says a word.
async fn silent_server() -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    (port, task)
}

async fn wait_outbox(
    app: &TestApp,
    done: impl Fn(&app::model::OutboxStatus) -> bool,
) -> app::model::OutboxStatus {
    for _ in 0..150 {
        let status = app
            .storage
            .outbox_status(jiff::Timestamp::now().as_millisecond())
            .await
            .unwrap();
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the outbox never got there: {:?}",
        app.storage
            .outbox_status(jiff::Timestamp::now().as_millisecond())
            .await
    );
}

#[tokio::test]
async fn a_mail_server_that_hangs_or_refuses_loses_nothing_and_says_why() {
    let (port, silent) = silent_server().await;
    let app = spawn_app_with(|c| c.mail = Some(mail_to(port))).await;
    app.create_user("boss@un.org", "admin", "", "").await;
    let (editor, reviewer) = editor_and_reviewer(&app).await;
    let id = propose(&app, &editor, "Adopted in May.").await;
    assert_eq!(
        step(
            &app,
            &reviewer,
            id,
            json!({ "step": "return", "comment": "Source?" })
        )
        .await
        .status(),
        202
    );

    // The server hangs: the message waits, tried again later, with the reason.
    let waiting = wait_outbox(&app, |s| s.retrying >= 1 && !s.last_error.is_empty()).await;
    assert_eq!((waiting.queued, waiting.failed), (1, 0), "{waiting:?}");

    // It comes back: the message arrives, once.
    silent.abort();
    let _ = silent.await;
    let sink = Sink::start("accept", port);
    let arrived = sink.wait_for(1).await;
    assert_eq!(arrived[0]["rcpt_tos"], json!(["amina@un.org"]));
    let sent = wait_outbox(&app, |s| s.queued == 0 && s.sent_week == 1).await;
    assert_eq!(sent.failed, 0);
    drop(sink);

    // A server that refuses the recipient for good: given up at once, and
    // the administration page says so.
    let _refusing = Sink::start("refuse", port);
    assert_eq!(
        step(&app, &editor, id, json!({ "step": "withdraw" }))
            .await
            .status(),
        202
    );
    let id = propose(&app, &editor, "Second change.").await;
    assert_eq!(
        step(&app, &reviewer, id, json!({ "step": "approve" }))
            .await
            .status(),
        200
    );
    let failed = wait_outbox(&app, |s| s.failed == 1).await;
    assert_eq!(failed.queued, 0, "{failed:?}");
    assert!(failed.last_error.contains("550"), "{failed:?}");
    assert!(!app
        .sign_in("boss@un.org", PASSWORD)
        .await
        .status()
        .is_client_error());
    let admin = app.get("/en/admin").await.text().await.unwrap();
    assert!(
        admin.contains("1 given up"),
        "the administration page counts it"
    );
    assert!(admin.contains("No such mailbox here"), "and shows why");
}

#[tokio::test]
async fn reminders_go_once_to_the_editors_in_scope_and_digests_to_reviewers() {
    // Set up without mail: the deadlines, the accounts and a change this week.
    let dir = tempfile::tempdir().unwrap();
    let database_url = crate::support::database_in(&dir);
    let setup = spawn_app_on_with(tempfile::tempdir().unwrap(), database_url.clone(), |_| {}).await;
    setup.create_user("boss@un.org", "admin", "", "").await;
    setup
        .create_user("amina@un.org", "editor", "africa", "")
        .await;
    setup
        .create_user("lee@un.org", "editor", "asia-pacific", "")
        .await;
    setup
        .create_user("rev@un.org", "reviewer", "africa", "")
        .await;
    let admin = setup.token("boss@un.org").await;
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let put_deadline = |body: Value| {
        setup
            .client
            .put(setup.url("/api/v1/deadlines/national-strategy"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    let soon = today
        .checked_add(jiff::Span::new().days(2))
        .unwrap()
        .to_string();
    let past = today
        .checked_sub(jiff::Span::new().days(3))
        .unwrap()
        .to_string();
    assert!(put_deadline(json!({ "date": soon, "zone": "UTC" }))
        .await
        .unwrap()
        .status()
        .is_success());
    assert!(
        put_deadline(json!({ "country": "KEN", "date": past, "zone": "UTC" }))
            .await
            .unwrap()
            .status()
            .is_success()
    );
    let editor = setup.token("amina@un.org").await;
    let changed = setup
        .patch_action(
            Some(&editor),
            "/api/v1/countries/GHA/actions/national-strategy",
            crate::deadlines::strategy(&setup, "GHA").await["version"].as_i64(),
            json!({ "note": "Drafted." }),
        )
        .await;
    assert!(changed.status().is_success(), "{}", changed.status());

    // Two instances with mail on the one database.
    let sink = Sink::start("accept", 0);
    let first = spawn_app_on_with(tempfile::tempdir().unwrap(), database_url.clone(), |c| {
        c.mail = Some(mail_to(sink.port))
    })
    .await;
    let _second = spawn_app_on_with(tempfile::tempdir().unwrap(), database_url, |c| {
        c.mail = Some(mail_to(sink.port))
    })
    .await;
    let all = sink.wait_for(5).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let all_now = sink.messages();
    assert_eq!(all_now.len(), 5, "each message once: {all:#?}");
    let to = |who: &str| -> Vec<&Value> { all_now.iter().filter(|m| m["to"] == who).collect() };

    let amina = to("amina@un.org");
    assert_eq!(amina.len(), 2, "{amina:#?}");
    let due = amina
        .iter()
        .find(|m| m["subject"].as_str().unwrap().starts_with("Due soon"))
        .unwrap();
    let due_text = due["text"].as_str().unwrap();
    assert!(
        due_text.contains("Ghana: Commitments") || due_text.contains("Ghana:"),
        "{due_text}"
    );
    assert!(
        due_text.contains("left") || due_text.contains("Last day"),
        "{due_text}"
    );
    assert!(
        !due_text.contains("Kenya:") && !due_text.contains("India"),
        "{due_text}"
    );
    let overdue = amina
        .iter()
        .find(|m| m["subject"].as_str().unwrap().starts_with("Overdue"))
        .unwrap();
    let overdue_text = overdue["text"].as_str().unwrap();
    assert!(
        overdue_text.contains("Kenya:") && overdue_text.contains("overdue"),
        "{overdue_text}"
    );
    assert_eq!(overdue["content_language"], "en");

    let lee = to("lee@un.org");
    assert_eq!(lee.len(), 1);
    let lee_text = lee[0]["text"].as_str().unwrap();
    assert!(
        lee_text.contains("India:") && !lee_text.contains("Ghana"),
        "{lee_text}"
    );

    let rev = to("rev@un.org");
    assert_eq!(rev.len(), 1);
    let digest = rev[0]["text"].as_str().unwrap();
    assert!(
        rev[0]["subject"].as_str().unwrap().starts_with("Your week"),
        "{}",
        rev[0]["subject"]
    );
    assert!(
        digest.contains("Changes published: ") && digest.contains("Ghana: "),
        "{digest}"
    );
    assert!(
        digest.contains("Overdue actions: 1") && digest.contains("Kenya:"),
        "{digest}"
    );
    assert!(
        !digest.contains("India"),
        "only the reviewer's scope: {digest}"
    );
    assert_eq!(to("boss@un.org").len(), 1, "the administrator's digest");
    drop(first);
}

#[tokio::test]
async fn without_a_mail_server_nothing_is_queued_and_the_pages_say_so() {
    let app = spawn_app_with(|_| {}).await;
    let (editor, reviewer) = editor_and_reviewer(&app).await;
    let id = propose(&app, &editor, "Adopted in May.").await;
    assert_eq!(
        step(
            &app,
            &reviewer,
            id,
            json!({ "step": "return", "comment": "Source?" })
        )
        .await
        .status(),
        202
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let status = app
        .storage
        .outbox_status(jiff::Timestamp::now().as_millisecond())
        .await
        .unwrap();
    assert_eq!((status.queued, status.failed, status.sent_week), (0, 0, 0));
    assert_eq!(mail_settings(&app, &editor).await["sending"], false);
    assert!(!app
        .sign_in("amina@un.org", PASSWORD)
        .await
        .status()
        .is_client_error());
    let page = app.get("/fr/account").await.text().await.unwrap();
    assert!(
        page.contains("data-testid=\"mail-off\""),
        "the account page says no mail is sent"
    );
    assert!(
        page.contains("n&#39;envoie pas encore de courriel")
            || page.contains("n'envoie pas encore de courriel")
    );
    // The language someone signs in with is their messages' until they choose.
    let fr = app
        .client
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .form(&[
            ("lang", "fr"),
            ("email", "rev@un.org"),
            ("password", PASSWORD),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert!(!fr.status().is_client_error());
    let rev = mail_settings(&app, &reviewer).await;
    assert_eq!(rev["language"], "fr");
    assert_eq!(mail_settings(&app, &editor).await["language"], "en");
}

#[tokio::test]
async fn a_sender_killed_while_sending_loses_nothing_and_sends_once() {
    // Queued while no sender runs: a return, planned by a first pass.
    let dir = tempfile::tempdir().unwrap();
    let database_url = crate::support::database_in(&dir);
    let quiet = spawn_app_on_with(tempfile::tempdir().unwrap(), database_url.clone(), |_| {}).await;
    let (editor, reviewer) = editor_and_reviewer(&quiet).await;
    let shared: app::services::storage::SharedStorage = std::sync::Arc::new(quiet.storage.clone());
    let now = || jiff::Timestamp::now().as_millisecond();
    // The cursor starts before the step, as a sender running all along had it.
    app::services::mail::plan::review_outcomes(&shared, now())
        .await
        .unwrap();
    let id = propose(&quiet, &editor, "Adopted in May.").await;
    assert_eq!(
        step(
            &quiet,
            &reviewer,
            id,
            json!({ "step": "return", "comment": "Source?" })
        )
        .await
        .status(),
        202
    );
    assert_eq!(
        app::services::mail::plan::review_outcomes(&shared, now())
            .await
            .unwrap(),
        1
    );
    // Planned again (another instance, or the same after a restart): nothing more.
    assert_eq!(
        app::services::mail::plan::review_outcomes(&shared, now())
            .await
            .unwrap(),
        0
    );

    // A sender claims it and is killed before it says how it went.
    let claimed = quiet
        .storage
        .claim_mail(now(), 1_500, 10, "killed")
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(
        quiet
            .storage
            .claim_mail(now(), 1_500, 10, "other")
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );

    // A sender on another instance takes it once the lease runs out.
    let sink = Sink::start("accept", 0);
    let _live = spawn_app_on_with(tempfile::tempdir().unwrap(), database_url, |c| {
        c.mail = Some(mail_to(sink.port))
    })
    .await;
    let arrived = sink.wait_for(1).await;
    assert_eq!(arrived[0]["rcpt_tos"], json!(["amina@un.org"]));
    // The killed sender's late word changes nothing: its claim is gone.
    let late = app::services::storage::MailOutcome::Failed {
        error: "late".into(),
    };
    quiet
        .storage
        .finish_mail(claimed[0].id, "killed", &late, now())
        .await
        .unwrap();
    let status = wait_outbox(&quiet, |s| s.sent_week == 1).await;
    assert_eq!((status.queued, status.failed), (0, 0), "{status:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.messages().len(), 1, "sent once");
}
