//! The language checks of `planportal check`: in every English text of the site (English
//! pages, the `en` texts of the data files and of `config.toml`, the English UI strings) no
//! full-width punctuation and no variant `data/glossary.yaml` rejects; in every Chinese text
//! (Chinese pages, `zh` data texts, Chinese UI strings) no ASCII `:`/`(`/`)` right after a
//! Chinese character. Each problem is reported at its file, line and column with the fix.
//!
//! The files are read as text, so places are those of the source an editor shows. What is
//! not prose is skipped: YAML keys, front-matter keys, fenced and inline code, shortcode
//! calls, link addresses and comments.

use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::lang::Lang;
use crate::base::text::LineCounter;
use crate::base::typography::{
    chinese_punctuation, english_punctuation, glossary_variants, Finding,
};
use crate::input::data::{self, glossary};
use crate::model::Site;

/// Every language problem of the site at `site.root`, sorted later with the rest.
pub fn check(site: &Site) -> Result<Vec<Diagnostic>> {
    let glossary = match glossary::load(&site.root) {
        Ok(g) => g,
        Err(Error::Input(ds)) => return Ok(ds),
        Err(e) => return Err(e),
    };
    let terms = glossary.rules();
    let mut out = Vec::new();
    let mut scan = |file: PathBuf, text: &str, texts: Vec<Span>| {
        let mut found = Vec::new();
        for span in texts {
            let run = &text[span.start..span.end];
            let findings = match span.lang {
                Lang::En => {
                    let mut f = english_punctuation(run);
                    f.extend(glossary_variants(run, &terms));
                    f
                }
                Lang::Zh => chinese_punctuation(run),
            };
            found.extend(findings.into_iter().map(|f| (span.start + f.offset, f)));
        }
        // In the order of the text, so that places are counted in one pass over it (a file
        // with thousands of findings stays linear).
        found.sort_by_key(|(offset, _)| *offset);
        let mut lines = LineCounter::new(text);
        for (offset, f) in found {
            out.push(diagnostic(&file, &mut lines, offset, f));
        }
    };

    for page in &site.content.pages {
        if let Some(text) = read(&site.root, &page.file) {
            let spans = markdown_spans(&text, page.lang);
            scan(page.file.clone(), &text, spans);
        }
    }
    for name in data::FILES {
        let file = Path::new("data").join(name);
        if let Some(text) = read(&site.root, &file) {
            let spans = yaml_language_spans(&text);
            scan(file, &text, spans);
        }
    }
    for lang in Lang::ALL {
        let file = Path::new("themes")
            .join(&site.config.theme)
            .join("i18n")
            .join(format!("{}.yaml", lang.code()));
        if let Some(text) = read(&site.root, &file) {
            let spans = yaml_values(&text, lang);
            scan(file, &text, spans);
        }
    }
    let file = PathBuf::from("config.toml");
    if let Some(text) = read(&site.root, &file) {
        let spans = toml_language_spans(&text);
        scan(file, &text, spans);
    }
    Ok(out)
}

/// The finding `f` at byte `offset` of the file whose lines `lines` counts.
fn diagnostic(file: &Path, lines: &mut LineCounter, offset: usize, f: Finding) -> Diagnostic {
    let (line, column) = lines.line_col(offset);
    Diagnostic::new(file, line, column, f.message).with_hint(f.fix)
}

fn read(root: &Path, file: &Path) -> Option<String> {
    std::fs::read_to_string(root.join(file)).ok()
}

/// A run of text in one language: byte range in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    lang: Lang,
}

/// Lines of `text` with their byte offsets, without the line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = offset;
        offset += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// The prose of a Markdown page in `lang`: front-matter values and body text, without
/// fenced code, inline code, shortcode calls, link addresses and HTML comments.
fn markdown_spans(text: &str, lang: Lang) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut in_front = false;
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    for (n, (start, line)) in lines(text).enumerate() {
        let trimmed = line.trim_start();
        if n == 0 && line == "---" {
            in_front = true;
            continue;
        }
        if in_front {
            if line == "---" {
                in_front = false;
            } else if let Some((key, _)) = line.split_once(':') {
                if !key.starts_with([' ', '-']) && !key.contains(' ') {
                    let value_start = key.len() + 1;
                    spans.push(Span {
                        start: start + value_start,
                        end: start + line.len(),
                        lang,
                    });
                }
            }
            continue;
        }
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        prose_spans(line, start, lang, &mut in_comment, &mut spans);
    }
    spans
}

/// Splits one Markdown line into prose runs, leaving out `code`, `{{ shortcodes }}`,
/// `](addresses)` and `<!-- comments -->`.
fn prose_spans(line: &str, start: usize, lang: Lang, in_comment: &mut bool, out: &mut Vec<Span>) {
    let mut run_start = 0;
    let mut i = 0;
    let bytes = line.as_bytes();
    let push = |from: usize, to: usize, out: &mut Vec<Span>| {
        if to > from {
            out.push(Span {
                start: start + from,
                end: start + to,
                lang,
            });
        }
    };
    if *in_comment {
        match line.find("-->") {
            Some(end) => {
                *in_comment = false;
                i = end + 3;
                run_start = i;
            }
            None => return,
        }
    }
    while i < bytes.len() {
        let rest = &line[i..];
        let skip_to = if rest.starts_with('`') {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            rest[ticks..].find(fence).map(|e| i + ticks + e + ticks)
        } else if rest.starts_with("{{") {
            rest.find("}}").map(|e| i + e + 2)
        } else if rest.starts_with("{%") {
            rest.find("%}").map(|e| i + e + 2)
        } else if rest.starts_with("](") {
            rest.find(')').map(|e| i + e + 1)
        } else if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(e) => Some(i + e + 3),
                None => {
                    *in_comment = true;
                    Some(line.len())
                }
            }
        } else if rest.starts_with('<') {
            // An HTML tag: its attributes are not prose.
            rest.find('>').map(|e| i + e + 1)
        } else {
            None
        };
        match skip_to {
            Some(end) => {
                // Keep the `]` of a link in the run before it; the address is skipped.
                let keep = usize::from(rest.starts_with("]("));
                push(run_start, i + keep, out);
                i = end;
                run_start = end;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    push(run_start, line.len(), out);
}

/// The texts of a data file in each language: the value of every `zh:` / `en:` key, inline
/// (`en: Torch Programme`), in a flow map (`{ zh: 家, en: firms }`) or as a block scalar
/// (`en: >-` and the more indented lines below it).
fn yaml_language_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut block: Option<(usize, Lang)> = None;
    for (start, line) in lines(text) {
        let indent = line.len() - line.trim_start().len();
        if let Some((key_indent, lang)) = block {
            if line.trim().is_empty() || indent > key_indent {
                spans.push(Span {
                    start: start + indent,
                    end: start + line.len(),
                    lang,
                });
                continue;
            }
            block = None;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let body_at = line.len() - body.len();
        for (key, lang) in [("zh:", Lang::Zh), ("en:", Lang::En)] {
            if let Some(value) = body.strip_prefix(key) {
                let v = value.trim();
                if v.starts_with('|') || v.starts_with('>') {
                    block = Some((body_at, lang));
                } else {
                    spans.push(Span {
                        start: start + body_at + key.len(),
                        end: start + line.len(),
                        lang,
                    });
                }
            }
            // Flow maps: `{ zh: 家, en: firms }`.
            for sep in ["{ ", ", "] {
                let needle = format!("{sep}{key}");
                let mut from = 0;
                while let Some(i) = line[from..].find(&needle) {
                    let value_start = from + i + needle.len();
                    let value_end = line[value_start..]
                        .find([',', '}'])
                        .map_or(line.len(), |e| value_start + e);
                    spans.push(Span {
                        start: start + value_start,
                        end: start + value_end,
                        lang,
                    });
                    from = value_start;
                }
            }
        }
    }
    spans
}

/// The values of a flat `key: value` file (the i18n strings), all in `lang`.
fn yaml_values(text: &str, lang: Lang) -> Vec<Span> {
    lines(text)
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .filter_map(|(start, line)| {
            let (key, _) = line.split_once(':')?;
            Some(Span {
                start: start + key.len() + 1,
                end: start + line.len(),
                lang,
            })
        })
        .collect()
}

/// The texts of `config.toml` in each language: the values in `[languages.zh]` and
/// `[languages.en]`, and `zh = "…"` / `en = "…"` in inline tables.
fn toml_language_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut section: Option<Lang> = None;
    for (start, line) in lines(text) {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = match trimmed {
                "[languages.zh]" => Some(Lang::Zh),
                "[languages.en]" => Some(Lang::En),
                _ => None,
            };
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        if let (Some(lang), Some((key, _))) = (section, line.split_once('=')) {
            spans.push(Span {
                start: start + key.len() + 1,
                end: start + line.len(),
                lang,
            });
            continue;
        }
        for (key, lang) in [("zh = ", Lang::Zh), ("en = ", Lang::En)] {
            let mut from = 0;
            while let Some(i) = line[from..].find(key) {
                let value_start = from + i + key.len();
                let value_end = line[value_start..]
                    .find("\",")
                    .or_else(|| line[value_start..].find("\" }"))
                    .map_or(line.len(), |e| value_start + e + 1);
                spans.push(Span {
                    start: start + value_start,
                    end: start + value_end,
                    lang,
                });
                from = value_start;
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(text: &'t str, spans: &[Span]) -> Vec<(&'t str, Lang)> {
        spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.lang))
            .collect()
    }

    #[test]
    fn markdown_prose_without_code_shortcodes_and_addresses() {
        let md = "---\ntitle: 方案概览\nweight: 1\n---\n\n见[概览](/a(b)/)和`x(y)`。\n{{ indicator(id=\"a\") }}\n```\n代码(x)\n```\n";
        let spans = markdown_spans(md, Lang::Zh);
        let got: Vec<&str> = texts(md, &spans).into_iter().map(|(t, _)| t).collect();
        assert!(got.contains(&" 方案概览"), "{got:?}");
        assert!(got.contains(&"见[概览]"), "{got:?}");
        assert!(!got.iter().any(|t| t.contains("代码")), "{got:?}");
        assert!(!got.iter().any(|t| t.contains("x(y)")), "{got:?}");
        assert!(!got.iter().any(|t| t.contains("indicator")), "{got:?}");
    }

    #[test]
    fn yaml_texts_by_language() {
        let y = "- id: a\n  name:\n    zh: 名称\n    en: Name\n  unit: { zh: 家, en: firms }\n  summary:\n    en: >-\n      Long\n      text\n  other: x\n";
        let got = texts(y, &yaml_language_spans(y));
        assert!(got.contains(&(" 名称", Lang::Zh)), "{got:?}");
        assert!(got.contains(&(" Name", Lang::En)), "{got:?}");
        assert!(got.contains(&(" 家", Lang::Zh)), "{got:?}");
        assert!(got.contains(&(" firms ", Lang::En)), "{got:?}");
        assert!(got.contains(&("Long", Lang::En)), "{got:?}");
        assert!(got.contains(&("text", Lang::En)), "{got:?}");
        assert!(!got.iter().any(|(t, _)| t.trim() == "x"), "{got:?}");
    }

    #[test]
    fn toml_texts_by_language() {
        let t = "[languages.en]\ntitle = \"Plan\"\n[identity]\nhost = { zh = \"政府\", en = \"Government\" }\n";
        let got = texts(t, &toml_language_spans(t));
        assert!(got.contains(&(" \"Plan\"", Lang::En)), "{got:?}");
        assert!(got.contains(&("\"政府\"", Lang::Zh)), "{got:?}");
        assert!(got.contains(&("\"Government\"", Lang::En)), "{got:?}");
    }

    #[test]
    fn a_finding_reads_in_chinese_at_its_place() {
        let text = "---\ntitle: 方案\n---\n服务主体: 区科委\n";
        let spans = markdown_spans(text, Lang::Zh);
        let span = spans
            .iter()
            .find(|s| text[s.start..s.end].contains("服务主体"))
            .unwrap();
        let f = chinese_punctuation(&text[span.start..span.end]).remove(0);
        let offset = span.start + f.offset;
        let d = diagnostic(
            Path::new("content/a.md"),
            &mut LineCounter::new(text),
            offset,
            f,
        );
        assert_eq!(d.code(), "typography-ascii-after-chinese");
        assert_eq!(
            d.render(Lang::Zh),
            "content/a.md:4:5: 中文后面用了半角的“:”\n  提示：中文里要写全角的“：”"
        );
        assert_eq!(
            d.to_string(),
            "content/a.md:4:5: ASCII “:” right after Chinese text\n  hint: write the full-width “：” in Chinese text"
        );
    }
}
