//! The spreadsheet round-trip (issue 31) with files the project did not
//! write: templates edited with Python's openpyxl, files converted by
//! LibreOffice (`soffice --headless --convert-to xlsx`), CSV as people save
//! it, and every bad file — each refused whole, with its reason, changing
//! nothing. Python and LibreOffice run as child processes
//! (`server/tests/sheets/workbook.py`).

use crate::mail::python;
use crate::support::TestApp;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub(super) const KEN: &str = "Kenya";
pub(super) const STRATEGY_EN: &str = "Commitments in a national strategy";
pub(super) const STRATEGY_FR: &str = "Engagements intégrés à une stratégie nationale";

/// Runs `workbook.py` with `args`; its standard output.
pub(super) fn workbook(args: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sheets/workbook.py");
    let output = Command::new(python())
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "workbook.py {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// LibreOffice's conversion of `input` to `.xlsx` (its own profile, so
/// tests may convert at once).
pub(super) fn libreoffice(input: &Path, dir: &Path, filter: Option<&str>) -> PathBuf {
    let profile = dir.join("lo-profile");
    let mut command = Command::new("soffice");
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx"]);
    if let Some(filter) = filter {
        command.arg(format!("--infilter={filter}"));
    }
    let out = dir.join("converted");
    let status = command
        .arg("--outdir")
        .arg(&out)
        .arg(input)
        .status()
        .expect("LibreOffice runs (Debian's libreoffice-calc-nogui)");
    assert!(status.success());
    let stem = input.file_stem().unwrap().to_string_lossy();
    let converted = out.join(format!("{stem}.xlsx"));
    assert!(
        converted.exists(),
        "LibreOffice wrote {}",
        converted.display()
    );
    converted
}

pub(super) async fn template(app: &TestApp, query: &str) -> Vec<u8> {
    let response = app
        .get(&format!("/api/v1/sheets/template.xlsx?{query}"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    response.bytes().await.unwrap().to_vec()
}

pub(super) async fn upload(
    app: &TestApp,
    lang: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    app.client
        .post(app.url(&format!("/{lang}/spreadsheets")))
        .header("Origin", &app.address)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Uploads a file that can be read: the id of its dry run.
pub(super) async fn uploaded(app: &TestApp, name: &str, bytes: Vec<u8>) -> String {
    let response = upload(app, "en", name, bytes).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.rsplit('/').next().unwrap().to_owned()
}

/// Edits the template at `original` with openpyxl (`edits`, as
/// `workbook.py edit` takes them), saves it beside as `name` and uploads
/// it: the id of its dry run.
pub(super) async fn edited_upload(
    app: &TestApp,
    original: &Path,
    name: &str,
    edits: &serde_json::Value,
) -> String {
    let edited = original.with_file_name(name);
    workbook(&[
        "edit",
        original.to_str().unwrap(),
        edited.to_str().unwrap(),
        &edits.to_string(),
    ]);
    uploaded(app, name, std::fs::read(&edited).unwrap()).await
}

pub(super) async fn dry_run(app: &TestApp, id: &str) -> Value {
    let response = app.get(&format!("/api/sheet-upload?lang=en&id={id}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub(super) fn outcomes(view: &Value) -> Vec<String> {
    view["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"]["outcome"].as_str().unwrap().to_owned())
        .collect()
}

pub(super) fn count(view: &Value, outcome: &str) -> usize {
    outcomes(view).iter().filter(|o| *o == outcome).count()
}

pub(super) async fn apply(app: &TestApp, id: &str, form: &[(&str, &str)]) -> String {
    let response = app.post_form(&format!("/en/spreadsheets/{id}"), form).await;
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

mod refusals;
mod round_trip;
