//! A brief's PDF, made by the server so that everyone gets the same
//! document: typst as a library (`typst`, `typst-pdf`) lays out
//! `brief.typ` with the brief (`app::model::Brief`) as JSON, shaping Arabic
//! right to left and Chinese with the fonts below, and embeds the glyphs it
//! used (subsets). Why typst, and what it costs: `docs/briefs.md`.
//!
//! The fonts are the operator's files (Debian's `fonts-noto-core` and
//! `fonts-noto-cjk`, `SUMMIT_FONT_DIRS`): Noto Sans (Latin, Cyrillic),
//! Noto Sans Arabic and Noto Sans CJK, regular and bold. They are read once,
//! at the first brief; without them a brief's PDF answers 503 and says
//! which is missing, and the rest of the site works.

use app::model::Brief;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("brief.typ");

/// The font files a brief needs, by the start of their names, and the
/// family each gives (the template's fallback list).
const FAMILIES: [(&str, &str); 3] = [
    ("NotoSans-", "Noto Sans"),
    ("NotoSansArabic-", "Noto Sans Arabic"),
    ("NotoSansCJK-", "Noto Sans CJK SC"),
];

/// Where the fonts are looked for unless `SUMMIT_FONT_DIRS` says otherwise.
pub const DEFAULT_FONT_DIRS: &str = "/usr/share/fonts/truetype/noto:/usr/share/fonts/opentype/noto";

/// Makes briefs' PDFs; the fonts are read at the first.
pub struct Printer {
    dirs: Vec<PathBuf>,
    loaded: OnceLock<Result<Typesetter, String>>,
}

impl Printer {
    /// `dirs`: folders separated by `:`.
    pub fn new(dirs: &str) -> Printer {
        Printer {
            dirs: dirs
                .split(':')
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .collect(),
            loaded: OnceLock::new(),
        }
    }

    /// The brief as PDF (blocking: call it off the async threads), or why
    /// it cannot be made.
    pub fn pdf(&self, brief: &Brief) -> Result<Vec<u8>, PrintError> {
        let typesetter = self
            .loaded
            .get_or_init(|| Typesetter::load(&self.dirs))
            .as_ref()
            .map_err(|missing| PrintError::Fonts(missing.clone()))?;
        typesetter.pdf(brief).map_err(PrintError::Layout)
    }
}

/// Why a PDF was not made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// The operator has not installed the fonts (503: the site says so).
    #[error("{0}")]
    Fonts(String),
    /// typst refused the template or the data: a fault of ours (500).
    #[error("laying out the brief failed: {0}")]
    Layout(String),
}

struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl Typesetter {
    fn load(dirs: &[PathBuf]) -> Result<Typesetter, String> {
        let mut fonts = Vec::new();
        let mut found = [false; FAMILIES.len()];
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Some(i) = wanted(&path) else {
                    continue;
                };
                match std::fs::read(&path) {
                    Ok(data) => {
                        fonts.extend(Font::iter(Bytes::new(data)));
                        found[i] = true;
                    }
                    Err(error) => {
                        tracing::warn!(%error, path = %path.display(), "a font cannot be read")
                    }
                }
            }
        }
        let missing: Vec<&str> = FAMILIES
            .iter()
            .zip(found)
            .filter(|(_, found)| !found)
            .map(|((_, family), _)| *family)
            .collect();
        if !missing.is_empty() {
            let message = format!(
                "fonts missing for briefs: {} (install Debian's fonts-noto-core and fonts-noto-cjk, or set SUMMIT_FONT_DIRS)",
                missing.join(", ")
            );
            tracing::error!("{message}");
            return Err(message);
        }
        tracing::info!(faces = fonts.len(), "fonts for briefs read");
        Ok(Typesetter {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        })
    }

    fn pdf(&self, brief: &Brief) -> Result<Vec<u8>, String> {
        let data = serde_json::to_vec(brief).map_err(|e| e.to_string())?;
        let world = BriefWorld {
            typesetter: self,
            main: Source::new(file_id("/brief.typ"), TEMPLATE.to_owned()),
            data: Bytes::new(data),
        };
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errors| format!("{errors:?}"))?;
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
            .map_err(|errors| format!("{errors:?}"))
    }
}

/// Which family a font file gives, if a brief needs it (regular and bold).
fn wanted(path: &Path) -> Option<usize> {
    let name = path.file_name()?.to_str()?;
    let weight = name.contains("-Regular.") || name.contains("-Bold.");
    let kind = name.ends_with(".ttf") || name.ends_with(".otf") || name.ends_with(".ttc");
    if !weight || !kind {
        return None;
    }
    FAMILIES
        .iter()
        .position(|(prefix, _)| name.starts_with(prefix))
}

fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("a fixed, valid path"));
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// What typst may read while laying out a brief: the template and the
/// brief's JSON, nothing else (no file system, no packages).
struct BriefWorld<'a> {
    typesetter: &'a Typesetter,
    main: Source,
    data: Bytes,
}

impl World for BriefWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.typesetter.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == file_id("/brief.json") {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let today = app::services::past::today();
        Datetime::from_ymd(
            i32::from(today.year()),
            today.month() as u8,
            today.day() as u8,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::wanted;
    use std::path::Path;

    #[test]
    fn only_the_families_a_brief_uses_are_read() {
        assert_eq!(wanted(Path::new("/f/NotoSans-Regular.ttf")), Some(0));
        assert_eq!(wanted(Path::new("/f/NotoSansArabic-Bold.ttf")), Some(1));
        assert_eq!(wanted(Path::new("/f/NotoSansCJK-Regular.ttc")), Some(2));
        for other in [
            "/f/NotoSans-Italic.ttf",
            "/f/NotoSansArmenian-Regular.ttf",
            "/f/NotoSerifCJK-Regular.ttc",
            "/f/NotoSans-Regular.woff2",
        ] {
            assert_eq!(wanted(Path::new(other)), None, "{other}");
        }
    }
}
