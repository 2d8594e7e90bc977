//! `data/glossary.yaml`: each recurring Chinese term of the plan (bodies, programmes,
//! platforms, terms of art) with the one English rendering the site uses, and the variants
//! to reject. `planportal check` reports a rejected variant in any English text.
//!
//! ```yaml
//! - zh: 火炬计划
//!   en: Torch Programme
//!   reject: [Torch Program]
//! ```
//!
//! The glossary is read only by `check`: it never changes what a build writes.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{read, shown};
use crate::base::error::{Diagnostic, Diagnostics, Result};
use crate::base::typography::{find_words, GlossaryTerm};
use crate::base::yaml;
use crate::msg;

/// The file below `data/`.
pub const FILE: &str = "glossary.yaml";

/// One term.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The Chinese term as the plan writes it.
    pub zh: String,
    /// The one English rendering.
    pub en: String,
    /// English variants that must not be used for it.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub reject: Vec<Spanned<String>>,
    /// Why this rendering, for the people who edit the glossary.
    #[serde(default)]
    pub note: Option<String>,
}

/// The glossary: empty when the site has no `data/glossary.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub terms: Vec<Term>,
}

impl Glossary {
    /// The terms as the typography rules take them.
    pub fn rules(&self) -> Vec<GlossaryTerm<'_>> {
        self.terms
            .iter()
            .map(|t| GlossaryTerm {
                zh: &t.zh,
                en: &t.en,
                reject: t.reject.iter().map(|r| r.value.as_str()).collect(),
            })
            .collect()
    }
}

/// Reads and checks `root/data/glossary.yaml`: every term has an English rendering, and no
/// rejected variant is (part of) a term's own rendering, which would flag every correct use.
pub fn load(root: &Path) -> Result<Glossary> {
    let mut diagnostics = Diagnostics::default();
    let terms: Vec<Term> = read(&root.join("data"), FILE, &mut diagnostics).unwrap_or_default();
    let renderings: Vec<String> = terms.iter().map(|t| t.en.to_lowercase()).collect();
    for term in &terms {
        if term.en.trim().is_empty() || term.zh.trim().is_empty() {
            diagnostics.push(
                Diagnostic::whole_file(
                    shown(FILE),
                    msg!("data-glossary-term-empty", term = format!("{:?}", term.zh)),
                )
                .with_hint(msg!("data-glossary-term-empty-hint")),
            );
        }
        for variant in &term.reject {
            let v = variant.value.to_lowercase();
            let clash = renderings
                .iter()
                .find(|r| v.trim().is_empty() || !find_words(r, &v).is_empty());
            if let Some(rendering) = clash {
                let (line, column) = yaml::place(&variant.referenced, 1);
                diagnostics.push(
                    Diagnostic::new(
                        shown(FILE),
                        line,
                        column,
                        msg!(
                            "data-glossary-reject-clash",
                            variant = format!("{:?}", variant.value),
                            rendering = format!("{rendering:?}")
                        ),
                    )
                    .with_hint(msg!("data-glossary-reject-clash-hint")),
                );
            }
        }
    }
    diagnostics.finish()?;
    Ok(Glossary { terms })
}
