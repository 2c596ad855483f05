//! Seed data from `shared/seed/FACTS.md`, loaded once per named set.
//!
//! Each set is applied in one transaction together with its row in `seed_runs`,
//! so a restart (or a crash half-way) never loads a set twice or half. Later
//! sets get new names; editors' changes to seeded rows are never overwritten.

use super::{Backend, SqlStorage};
use sqlx::{Any, Transaction};
use summit::{briefing, summit as doha, Milestone, MilestoneKind, Region, Schedule, Slug};

/// The source every seeded briefing and attendance figure traces back to.
const SOURCE_BRIEFINGS: &str =
    "UN DESA news item on the regional online briefings (shared/seed/000_057c53be743a0d2c.txt)";

/// Countries, M49 codes and names (see `server/seed/README.md` for origin and licence).
const COUNTRIES_CSV: &str = include_str!("../../seed/countries.csv");

/// The summit's title in the six languages, as the UN's own pages name it.
const SUMMIT_TITLES: [(&str, &str); 6] = [
    ("ar", "مؤتمر القمة العالمي الثاني للتنمية الاجتماعية"),
    ("zh", "第二届社会发展问题世界首脑会议"),
    ("en", "Second World Summit for Social Development"),
    ("fr", "Deuxième Sommet mondial pour le développement social"),
    (
        "ru",
        "Вторая Всемирная встреча на высшем уровне в интересах социального развития",
    ),
    ("es", "Segunda Cumbre Mundial sobre Desarrollo Social"),
];

/// Loads every set not loaded yet. Instances that start together on one
/// database take turns: the first loads, the others then find it loaded.
pub async fn load_once(storage: &SqlStorage) -> Result<(), sqlx::Error> {
    const FACTS: &str = "facts-2025";
    const MILESTONES: &str = "milestones-2025";
    const ACTIONS: &str = "actions-2025";
    let mut tx = storage.begin_write().await?;
    if storage.backend() == Backend::Postgres {
        // Held until the transaction ends; the key is arbitrary but fixed.
        // (The lock function returns `void`, which the Any driver cannot read.)
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(520251104)) AS locked")
            .execute(&mut *tx)
            .await?;
    }
    if !already_applied(&mut tx, FACTS).await? {
        facts_2025(&mut tx).await?;
        record(&mut tx, FACTS).await?;
    }
    if !already_applied(&mut tx, MILESTONES).await? {
        milestones_2025(&mut tx).await?;
        record(&mut tx, MILESTONES).await?;
    }
    if !already_applied(&mut tx, ACTIONS).await? {
        actions_2025(&mut tx).await?;
        record(&mut tx, ACTIONS).await?;
    }
    tx.commit().await
}

async fn already_applied(
    tx: &mut Transaction<'static, Any>,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let done: Option<(String,)> = sqlx::query_as("SELECT name FROM seed_runs WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(done.is_some())
}

async fn record(tx: &mut Transaction<'static, Any>, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO seed_runs (name, applied_at) VALUES ($1, $2)")
        .bind(name)
        .bind(jiff::Timestamp::now().to_string())
        .execute(&mut **tx)
        .await?;
    tracing::info!(seed = name, "seed data loaded");
    Ok(())
}

async fn facts_2025(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    for (position, region) in Region::ALL.iter().enumerate() {
        sqlx::query("INSERT INTO regions (slug, position) VALUES ($1, $2)")
            .bind(region.slug())
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    for b in briefing::as_reported() {
        sqlx::query(
            "INSERT INTO briefings (region, date, participants, source) VALUES ($1, $2, $3, $4)",
        )
        .bind(b.region.slug())
        .bind(b.date.to_string())
        .bind(b.participants.to_storage())
        .bind(SOURCE_BRIEFINGS)
        .execute(&mut **tx)
        .await?;
    }
    let attendance = summit::SeriesAttendance::as_reported();
    let facts = std::iter::once(("average-per-session", attendance.average_per_session)).chain(
        attendance
            .largest_sessions
            .iter()
            .map(|p| ("largest-session", *p)),
    );
    for (position, (fact, figure)) in facts.enumerate() {
        sqlx::query(
            "INSERT INTO attendance_facts (position, fact, participants, source) VALUES ($1, $2, $3, $4)",
        )
        .bind(position as i64)
        .bind(fact)
        .bind(figure.to_storage())
        .bind(SOURCE_BRIEFINGS)
        .execute(&mut **tx)
        .await?;
    }
    for row in countries().map_err(|e| sqlx::Error::Decode(e.into()))? {
        sqlx::query("INSERT INTO countries (iso3, m49, region) VALUES ($1, $2, $3)")
            .bind(row.country.iso3.as_str())
            .bind(row.country.m49.to_string())
            .bind(row.country.coverage.region().map(Region::slug))
            .execute(&mut **tx)
            .await?;
        for (lang, name) in row.names {
            sqlx::query("INSERT INTO country_names (iso3, lang, name) VALUES ($1, $2, $3)")
                .bind(row.country.iso3.as_str())
                .bind(lang)
                .bind(name)
                .execute(&mut **tx)
                .await?;
        }
    }
    insert_summit(tx).await
}

/// Title and description in each of the six languages.
type Texts = [(&'static str, &'static str, &'static str); 6];

/// Language code, title and description of one milestone text row.
type Text = (&'static str, String, String);

fn owned(texts: &Texts) -> Vec<Text> {
    texts
        .iter()
        .map(|(lang, title, description)| (*lang, (*title).to_owned(), (*description).to_owned()))
        .collect()
}

async fn insert_milestone(
    tx: &mut Transaction<'static, Any>,
    milestone: &Milestone,
    texts: &[Text],
) -> Result<(), sqlx::Error> {
    let decode = |e: &dyn std::fmt::Display| sqlx::Error::Decode(e.to_string().into());
    let window = milestone.schedule.window().map_err(|e| decode(&e))?;
    let schedule = serde_json::to_string(&milestone.schedule).map_err(|e| decode(&e))?;
    sqlx::query(
        "INSERT INTO milestones (slug, kind, schedule, starts_at, ends_at, region, country, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(milestone.slug.as_str())
    .bind(milestone.kind.slug())
    .bind(schedule)
    .bind(window.start().to_string())
    .bind(window.end().to_string())
    .bind(milestone.region.map(Region::slug))
    .bind(milestone.country.map(|c| c.to_string()))
    .bind(&milestone.source)
    .execute(&mut **tx)
    .await?;
    for (lang, title, description) in texts {
        sqlx::query(
            "INSERT INTO milestone_texts (slug, lang, title, description) VALUES ($1, $2, $3, $4)",
        )
        .bind(milestone.slug.as_str())
        .bind(lang)
        .bind(title)
        .bind(description)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_summit(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    let texts: Vec<Text> = SUMMIT_TITLES
        .iter()
        .map(|(lang, title)| (*lang, (*title).to_owned(), String::new()))
        .collect();
    insert_milestone(tx, &doha::milestone(), &texts).await
}

/// The five regional briefings, the Doha Political Declaration and the 64th
/// session of the Commission for Social Development (`shared/seed/FACTS.md`).
async fn milestones_2025(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    for briefing in briefing::as_reported() {
        let region = briefing.region;
        let zone = BRIEFING_ZONES
            .iter()
            .find(|(r, _)| *r == region)
            .map_or("UTC", |(_, zone)| zone);
        let milestone = Milestone {
            slug: Slug::parse(&format!("briefing-{}", region.slug()))
                .map_err(|e| sqlx::Error::Decode(e.into()))?,
            kind: MilestoneKind::RegionalBriefing,
            schedule: Schedule::AllDay {
                first: briefing.date,
                last: briefing.date,
                zone: zone.to_owned(),
            },
            region: Some(region),
            country: None,
            source: SOURCE_BRIEFINGS.to_owned(),
        };
        insert_milestone(tx, &milestone, &briefing_texts(region)).await?;
    }
    let declaration = Milestone {
        slug: Slug::parse("doha-political-declaration").map_err(|e| sqlx::Error::Decode(e.into()))?,
        kind: MilestoneKind::Summit,
        schedule: Schedule::AllDay {
            first: jiff::civil::date(2025, 11, 4),
            last: jiff::civil::date(2025, 11, 4),
            zone: doha::DOHA_ZONE.to_owned(),
        },
        region: None,
        country: None,
        source: "UN press release on the adoption of the Doha Political Declaration (A/80/L.5), 4 November 2025".to_owned(),
    };
    insert_milestone(tx, &declaration, &owned(&DECLARATION_TEXTS)).await?;
    let csocd = Milestone {
        slug: Slug::parse("csocd-64").map_err(|e| sqlx::Error::Decode(e.into()))?,
        kind: MilestoneKind::IntergovernmentalSession,
        schedule: Schedule::AllDay {
            first: jiff::civil::date(2026, 2, 2),
            last: jiff::civil::date(2026, 2, 10),
            zone: "America/New_York".to_owned(),
        },
        region: None,
        country: None,
        source:
            "UN DESA: Commission for Social Development, 64th session, New York, 2–10 February 2026"
                .to_owned(),
    };
    insert_milestone(tx, &csocd, &owned(&CSOCD_64_TEXTS)).await
}

/// The seven themes FACTS.md names, and every follow-up action of every country
/// a UN Country Team serves (seven kinds) and of every region (two kinds), all
/// "not reported": nothing is assumed until a team reports it.
async fn actions_2025(tx: &mut Transaction<'static, Any>) -> Result<(), sqlx::Error> {
    for (position, (slug, names)) in THEME_NAMES.iter().enumerate() {
        sqlx::query("INSERT INTO themes (slug, position, builtin) VALUES ($1, $2, true)")
            .bind(slug)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        for (lang, name) in ["ar", "zh", "en", "fr", "ru", "es"].into_iter().zip(names) {
            sqlx::query("INSERT INTO theme_names (slug, lang, name) VALUES ($1, $2, $3)")
                .bind(slug)
                .bind(lang)
                .bind(name)
                .execute(&mut **tx)
                .await?;
        }
    }
    for kind in summit::ActionKind::COUNTRY {
        sqlx::query(
            "INSERT INTO actions (country, kind) SELECT iso3, $1 FROM countries WHERE region IS NOT NULL",
        )
        .bind(kind.slug())
        .execute(&mut **tx)
        .await?;
    }
    for kind in summit::ActionKind::REGION {
        sqlx::query("INSERT INTO actions (region, kind) SELECT slug, $1 FROM regions")
            .bind(kind.slug())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The themes' names in ar, zh, en, fr, ru, es.
const THEME_NAMES: [(&str, [&str; 6]); 7] = [
    (
        "poverty-eradication",
        [
            "القضاء على الفقر",
            "消除贫困",
            "Poverty eradication",
            "Élimination de la pauvreté",
            "Искоренение нищеты",
            "Erradicación de la pobreza",
        ],
    ),
    (
        "digitalisation",
        [
            "الرقمنة",
            "数字化",
            "Digitalisation",
            "Numérisation",
            "Цифровизация",
            "Digitalización",
        ],
    ),
    (
        "disability-inclusion",
        [
            "إدماج الأشخاص ذوي الإعاقة",
            "残疾人包容",
            "Disability inclusion",
            "Inclusion des personnes handicapées",
            "Инклюзия людей с инвалидностью",
            "Inclusión de las personas con discapacidad",
        ],
    ),
    (
        "anti-discrimination",
        [
            "مكافحة التمييز",
            "反歧视",
            "Anti-discrimination",
            "Lutte contre la discrimination",
            "Борьба с дискриминацией",
            "Lucha contra la discriminación",
        ],
    ),
    (
        "climate-resilience",
        [
            "القدرة على الصمود أمام تغيّر المناخ",
            "气候韧性",
            "Climate resilience",
            "Résilience climatique",
            "Устойчивость к изменению климата",
            "Resiliencia climática",
        ],
    ),
    (
        "social-protection",
        [
            "الحماية الاجتماعية",
            "社会保护",
            "Social protection",
            "Protection sociale",
            "Социальная защита",
            "Protección social",
        ],
    ),
    (
        "rights-based-social-contracts",
        [
            "عقود اجتماعية قائمة على الحقوق",
            "基于权利的社会契约",
            "Rights-based social contracts",
            "Contrats sociaux fondés sur les droits",
            "Социальные договоры на основе прав",
            "Contratos sociales basados en derechos",
        ],
    ),
];

/// The source dates the online briefings without a zone; each is kept as a
/// calendar day in the zone of the DCO regional office serving the region.
const BRIEFING_ZONES: [(Region, &str); 5] = [
    (Region::EuropeCentralAsia, "Europe/Istanbul"),
    (Region::LatinAmericaCaribbean, "America/Panama"),
    (Region::AsiaPacific, "Asia/Bangkok"),
    (Region::ArabStates, "Asia/Amman"),
    (Region::Africa, "Africa/Addis_Ababa"),
];

fn briefing_texts(region: Region) -> Vec<Text> {
    let names: [&str; 6] = match region {
        Region::Africa => ["أفريقيا", "非洲", "Africa", "Afrique", "Африка", "África"],
        Region::ArabStates => [
            "الدول العربية",
            "阿拉伯国家",
            "Arab States",
            "États arabes",
            "Арабские государства",
            "Estados Árabes",
        ],
        Region::AsiaPacific => [
            "آسيا والمحيط الهادئ",
            "亚洲及太平洋",
            "Asia and the Pacific",
            "Asie et Pacifique",
            "Азия и Тихий океан",
            "Asia y el Pacífico",
        ],
        Region::EuropeCentralAsia => [
            "أوروبا وآسيا الوسطى",
            "欧洲和中亚",
            "Europe and Central Asia",
            "Europe et Asie centrale",
            "Европа и Центральная Азия",
            "Europa y Asia Central",
        ],
        Region::LatinAmericaCaribbean => [
            "أمريكا اللاتينية والكاريبي",
            "拉丁美洲和加勒比",
            "Latin America and the Caribbean",
            "Amérique latine et Caraïbes",
            "Латинская Америка и Карибский бассейн",
            "América Latina y el Caribe",
        ],
    };
    let titles = [
        format!("إحاطة إقليمية عبر الإنترنت — {}", names[0]),
        format!("区域在线通报会 — {}", names[1]),
        format!("Regional online briefing — {}", names[2]),
        format!("Réunion d’information régionale en ligne — {}", names[3]),
        format!("Региональный онлайн-брифинг — {}", names[4]),
        format!("Sesión informativa regional en línea — {}", names[5]),
    ];
    let descriptions = [
        "إحاطة من إدارة الشؤون الاقتصادية والاجتماعية ومكتب تنسيق التنمية للمنسقين المقيمين وأفرقة الأمم المتحدة القُطرية قبل القمة.",
        "经社部和发展协调办公室在峰会前为驻地协调员和联合国国家工作队举行的通报会。",
        "UN DESA and DCO briefed Resident Coordinators and UN Country Teams ahead of the summit.",
        "Le DESA et le DCO ont informé les coordonnateurs résidents et les équipes de pays avant le Sommet.",
        "ДЭСВ и Управление по координации деятельности в целях развития провели брифинг для координаторов-резидентов и страновых групп ООН перед саммитом.",
        "El DAES y la DCO informaron a los coordinadores residentes y a los equipos de las Naciones Unidas en los países antes de la Cumbre.",
    ];
    let langs = ["ar", "zh", "en", "fr", "ru", "es"];
    langs
        .into_iter()
        .zip(titles)
        .zip(descriptions)
        .map(|((lang, title), description)| (lang, title, description.to_owned()))
        .collect()
}

const DECLARATION_TEXTS: Texts = [
    ("ar", "اعتماد إعلان الدوحة السياسي (A/80/L.5)", "اعتُمد بتوافق الآراء عند افتتاح القمة. ركائزه الثلاث: القضاء على الفقر، والعمالة الكاملة والمنتجة والعمل اللائق للجميع، والإدماج الاجتماعي."),
    ("zh", "通过《多哈政治宣言》(A/80/L.5)", "在峰会开幕时以协商一致方式通过。三大支柱：消除贫困；人人享有充分和生产性就业及体面工作；社会包容。"),
    ("en", "Adoption of the Doha Political Declaration (A/80/L.5)", "Adopted by consensus at the summit's opening. Its three pillars: poverty eradication; full and productive employment and decent work for all; social inclusion."),
    ("fr", "Adoption de la Déclaration politique de Doha (A/80/L.5)", "Adoptée par consensus à l’ouverture du Sommet. Ses trois piliers : l’élimination de la pauvreté ; le plein emploi productif et un travail décent pour tous ; l’inclusion sociale."),
    ("ru", "Принятие Дохинской политической декларации (A/80/L.5)", "Принята консенсусом при открытии саммита. Три основы: искоренение нищеты; полная и производительная занятость и достойная работа для всех; социальная интеграция."),
    ("es", "Aprobación de la Declaración Política de Doha (A/80/L.5)", "Aprobada por consenso en la apertura de la Cumbre. Sus tres pilares: la erradicación de la pobreza; el empleo pleno y productivo y el trabajo decente para todos; la inclusión social."),
];

const CSOCD_64_TEXTS: Texts = [
    ("ar", "الدورة الرابعة والستون للجنة التنمية الاجتماعية", "نيويورك. تقود اللجنة متابعة القمة، مع استعراض كل خمس سنوات."),
    ("zh", "社会发展委员会第六十四届会议", "纽约。委员会牵头峰会后续工作，每五年进行一次审查。"),
    ("en", "64th session of the Commission for Social Development", "New York. The Commission leads the summit's follow-up, with a review every five years."),
    ("fr", "Soixante-quatrième session de la Commission du développement social", "New York. La Commission conduit le suivi du Sommet, avec un examen tous les cinq ans."),
    ("ru", "Шестьдесят четвёртая сессия Комиссии социального развития", "Нью-Йорк. Комиссия руководит последующей деятельностью по итогам саммита; обзор проводится раз в пять лет."),
    ("es", "64º período de sesiones de la Comisión de Desarrollo Social", "Nueva York. La Comisión dirige el seguimiento de la Cumbre, con un examen cada cinco años."),
];

/// One row of `countries.csv`: the country and its names by language code.
pub struct CountryRow {
    pub country: summit::Country,
    pub names: Vec<(&'static str, String)>,
}

#[derive(serde::Deserialize)]
struct CsvRow {
    iso3: String,
    m49: String,
    region: String,
    name_ar: String,
    name_zh: String,
    name_en: String,
    name_fr: String,
    name_ru: String,
    name_es: String,
}

/// Parses the embedded country table, validating every code and region.
pub fn countries() -> Result<Vec<CountryRow>, String> {
    let mut reader = csv::Reader::from_reader(COUNTRIES_CSV.as_bytes());
    reader
        .deserialize::<CsvRow>()
        .enumerate()
        .map(|(i, row)| {
            let line = i + 2;
            let row = row.map_err(|e| format!("countries.csv line {line}: {e}"))?;
            let coverage = if row.region.is_empty() {
                summit::Coverage::NoCountryTeam
            } else {
                summit::Coverage::Region(
                    Region::parse(&row.region).map_err(|e| format!("line {line}: {e}"))?,
                )
            };
            Ok(CountryRow {
                country: summit::Country {
                    iso3: summit::Iso3::parse(&row.iso3)
                        .map_err(|e| format!("line {line}: {e}"))?,
                    m49: summit::M49::parse(&row.m49).map_err(|e| format!("line {line}: {e}"))?,
                    coverage,
                },
                names: vec![
                    ("ar", row.name_ar),
                    ("zh", row.name_zh),
                    ("en", row.name_en),
                    ("fr", row.name_fr),
                    ("ru", row.name_ru),
                    ("es", row.name_es),
                ],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use summit::Coverage;

    #[test]
    fn the_country_table_parses_and_codes_are_unique() {
        let rows = countries().unwrap();
        assert!(rows.len() > 240, "{}", rows.len());
        let iso3: HashSet<_> = rows.iter().map(|r| r.country.iso3).collect();
        let m49: HashSet<_> = rows.iter().map(|r| r.country.m49).collect();
        assert_eq!(iso3.len(), rows.len());
        assert_eq!(m49.len(), rows.len());
    }

    #[test]
    fn every_region_has_countries_and_the_arab_states_follow_unsdg_not_m49() {
        let rows = countries().unwrap();
        let region_of = |code: &str| {
            rows.iter()
                .find(|r| r.country.iso3.as_str() == code)
                .map(|r| r.country.coverage)
                .unwrap()
        };
        for region in Region::ALL {
            assert!(rows
                .iter()
                .any(|r| r.country.coverage == Coverage::Region(region)));
        }
        for code in ["DZA", "DJI", "EGY", "LBY", "MAR", "SOM", "SDN", "TUN"] {
            assert_eq!(
                region_of(code),
                Coverage::Region(Region::ArabStates),
                "{code}"
            );
        }
        assert_eq!(region_of("KEN"), Coverage::Region(Region::Africa));
        assert_eq!(region_of("FRA"), Coverage::NoCountryTeam);
        // UNCTs serve 162 countries and territories (UNSDG); the table is close to that.
        let served = rows
            .iter()
            .filter(|r| r.country.coverage != Coverage::NoCountryTeam)
            .count();
        assert!((150..=165).contains(&served), "{served}");
    }

    #[test]
    fn every_country_is_named_in_all_six_languages() {
        for row in countries().unwrap() {
            assert_eq!(row.names.len(), 6);
            assert!(row.names.iter().all(|(_, n)| !n.trim().is_empty()));
        }
    }
}
