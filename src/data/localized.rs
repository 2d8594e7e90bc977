//! Text that exists in every language of the site.

use serde::{Deserialize, Serialize};

/// A human-readable text in both site languages: `{ zh: …, en: … }`.
///
/// Every visible field of the plan data uses this shape, so that no page can
/// show one language's text on the other language's side by accident.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
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
