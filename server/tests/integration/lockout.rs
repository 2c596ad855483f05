//! Sign-in limits that keep guessing slow without letting a stranger lock
//! anyone out (see `app::services::limits`). Clients here connect from
//! different loopback addresses (127.0.0.2, …), as people at different
//! offices would.

use crate::support::{spawn_app, TestApp, PASSWORD};
use std::net::{IpAddr, Ipv4Addr};

/// A browser at 127.0.0.`n`.
fn client_at(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

async fn attempt(app: &TestApp, client: &reqwest::Client, password: &str) -> u16 {
    client
        .post(app.url("/api/sign-in"))
        .header("Origin", &app.address)
        .form(&[
            ("lang", "en"),
            ("email", "admin@un.org"),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn app_with_admin() -> TestApp {
    let app = spawn_app().await;
    app.create_user("admin@un.org", "admin", "", "").await;
    app
}

#[tokio::test]
async fn a_strangers_flood_does_not_lock_the_owner_out() {
    let app = app_with_admin().await;
    let stranger = client_at(2);
    let mut refused = 0;
    for _ in 0..60 {
        match attempt(&app, &stranger, "wrong guess number x").await {
            401 => {}
            429 => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(
        refused >= 45,
        "guessing is slowed down: {refused} of 60 refused"
    );
    let owner = client_at(3);
    assert_eq!(
        attempt(&app, &owner, PASSWORD).await,
        200,
        "the owner gets in"
    );
}

#[tokio::test]
async fn successful_sign_ins_never_count_against_the_account() {
    let app = app_with_admin().await;
    let owner = client_at(4);
    for round in 0..15 {
        assert_eq!(attempt(&app, &owner, PASSWORD).await, 200, "round {round}");
    }
}

#[tokio::test]
async fn a_browser_that_signed_in_before_gets_in_during_a_lockout() {
    let app = app_with_admin().await;
    let owner = client_at(5);
    assert_eq!(attempt(&app, &owner, PASSWORD).await, 200);
    // Wrong passwords from many addresses spend the account's allowance.
    let mut locked = false;
    for n in 10..21u8 {
        let stranger = client_at(n);
        for _ in 0..10 {
            if attempt(&app, &stranger, "distributed guess").await == 429 {
                locked = true;
            }
        }
    }
    let newcomer = client_at(41);
    let newcomer_status = attempt(&app, &newcomer, PASSWORD).await;
    assert!(
        locked || newcomer_status == 429,
        "the account limit is reached"
    );
    // The owner's browser carries its device cookie and is let in.
    assert_eq!(attempt(&app, &owner, PASSWORD).await, 200);
}

#[tokio::test]
async fn changing_the_password_is_limited_too() {
    let app = app_with_admin().await;
    let owner = client_at(6);
    assert_eq!(attempt(&app, &owner, PASSWORD).await, 200);
    let change = |current: &'static str| {
        let owner = owner.clone();
        let url = app.url("/api/change-password");
        let origin = app.address.clone();
        async move {
            owner
                .post(url)
                .header("Origin", origin)
                .form(&[
                    ("current_password", current),
                    ("new_password", "a brand new passphrase"),
                    ("repeat_password", "a brand new passphrase"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..5 {
        assert_eq!(change("not the current one").await, 422);
    }
    assert_eq!(change("not the current one").await, 429);
    assert_eq!(
        change(PASSWORD).await,
        429,
        "not even checked while limited"
    );
}
