//! The site's two languages, where each lives in the URL space, and [`Localized`] text that
//! exists in both.

use serde::{Deserialize, Serialize};

/// A language of the site. Chinese is the default and lives at `/`; English lives at `/en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The short code used in file names (`foo.en.md`), data (`{ zh, en }`) and i18n files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>` and `hreflang`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The URL prefix below the base path: empty for Chinese, `en/` for English.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Zh => "",
            Lang::En => "en/",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A human-readable text in both site languages: `{ zh: …, en: … }`.
///
/// Every visible field of the plan data uses this shape, so that no page can
/// show one language's text on the other language's side by accident.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    /// The text for a language code (`"zh"` or `"en"`); any other code gets Chinese,
    /// the site's default language.
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.en,
            _ => &self.zh,
        }
    }
}
