//! Sorting names the way each language does (ICU collation): "Égypte" sorts
//! with the E's in French, Chinese names by pinyin.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::Locale;
use std::cmp::Ordering;
use std::sync::OnceLock;
use summit::Language;

fn collator(language: Language) -> Option<&'static CollatorBorrowed<'static>> {
    static COLLATORS: [OnceLock<Option<CollatorBorrowed<'static>>>; 6] =
        [const { OnceLock::new() }; 6];
    let index = Language::ALL.iter().position(|l| *l == language)?;
    COLLATORS[index]
        .get_or_init(|| {
            let locale: Locale = language.code().parse().ok()?;
            Collator::try_new((&locale).into(), CollatorOptions::default()).ok()
        })
        .as_ref()
}

/// Compares two names in `language`'s alphabetical order (code points if ICU has no data).
pub fn compare(language: Language, a: &str, b: &str) -> Ordering {
    match collator(language) {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_sort_with_their_letter_in_french() {
        let mut names = vec!["Zambie", "Égypte", "Espagne", "Érythrée"];
        names.sort_by(|a, b| compare(Language::Fr, a, b));
        assert_eq!(names, ["Égypte", "Érythrée", "Espagne", "Zambie"]);
    }

    #[test]
    fn chinese_sorts_by_pinyin() {
        // 阿富汗 (Afuhan) before 肯尼亚 (Kenniya) before 中国 (Zhongguo).
        let mut names = vec!["中国", "肯尼亚", "阿富汗"];
        names.sort_by(|a, b| compare(Language::Zh, a, b));
        assert_eq!(names, ["阿富汗", "肯尼亚", "中国"]);
    }
}
