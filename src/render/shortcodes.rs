//! The shortcodes communications staff can use in Markdown.
//!
//! - `{{ indicator(id="rd-intensity") }}`: an indicator card from `data/indicators.yaml`;
//! - `{{ task(id="…") }}`, `project`, `firm`, `service`, `agency`: a link whose text is the
//!   entity's name in the page's language;
//! - any other `{{ name(…) }}` for which the theme has `templates/shortcodes/name.html`
//!   (the default theme ships `figure` and `callout`), given its arguments as `args`.
//!
//! An unknown shortcode or id is an error that names the file, line and column.

use tera::Context;

use crate::lang::Lang;
use crate::markdown::{Call, ShortcodeHandler};
use crate::site::views::Link;
use crate::site::Site;
use crate::text::escape_html;
use crate::theme::template_diagnostic;

pub struct SiteShortcodes<'s> {
    site: &'s Site,
}

impl<'s> SiteShortcodes<'s> {
    pub fn new(site: &'s Site) -> Self {
        SiteShortcodes { site }
    }

    fn context(&self, lang: Lang) -> Context {
        let mut ctx = Context::new();
        ctx.insert("lang", lang.code());
        ctx.insert("t", &self.site.theme.strings[&lang]);
        ctx.insert(
            "root",
            &format!("{}{}", self.site.config.base_path(), lang.prefix()),
        );
        ctx.insert("base_path", &self.site.config.base_path());
        ctx
    }

    fn render_template(&self, name: &str, ctx: &Context) -> Result<String, String> {
        self.site.theme.tera.render(name, ctx).map_err(|e| {
            let d = template_diagnostic(&e, &self.site.theme.template_files);
            format!("the shortcode template failed: {d}")
        })
    }

    fn entity_link(&self, call: &Call, lang: Lang, kind: &str) -> Result<String, String> {
        let id = call.str_arg("id")?;
        let v = &self.site.views;
        let found: Vec<(&str, &Link)> = Vec::new();
        let _ = found;
        let (path, name): (String, String) = match kind {
            "task" => v.tasks.iter().find(|x| x.id == id).map(|x| {
                (
                    x.path.clone(),
                    format!(
                        "{}{}",
                        number_prefix(lang, x.number),
                        x.title.get(lang.code())
                    ),
                )
            }),
            "project" => v
                .projects
                .iter()
                .find(|x| x.id == id)
                .map(|x| (x.path.clone(), x.title.get(lang.code()).to_string())),
            "firm" => v
                .firms
                .iter()
                .find(|x| x.id == id)
                .map(|x| (x.path.clone(), x.short_name.get(lang.code()).to_string())),
            "service" => v
                .services
                .iter()
                .find(|x| x.id == id)
                .map(|x| (x.path.clone(), x.title.get(lang.code()).to_string())),
            "agency" => v
                .agencies
                .iter()
                .find(|x| x.id == id)
                .map(|x| (x.path.clone(), x.short_name.get(lang.code()).to_string())),
            _ => None,
        }
        .ok_or_else(|| unknown_id(kind, id, self.ids(kind)))?;
        let text = match call.args.get("text").and_then(|t| t.as_str()) {
            Some(t) => t.to_string(),
            None => name,
        };
        Ok(format!(
            "<a class=\"entity-link entity-{kind}\" href=\"{}{}{}\">{}</a>",
            self.site.config.base_path(),
            lang.prefix(),
            escape_html(&path),
            escape_html(&text)
        ))
    }

    fn ids(&self, kind: &str) -> Vec<&str> {
        let v = &self.site.views;
        match kind {
            "task" => v.tasks.iter().map(|x| x.id.as_str()).collect(),
            "project" => v.projects.iter().map(|x| x.id.as_str()).collect(),
            "firm" => v.firms.iter().map(|x| x.id.as_str()).collect(),
            "service" => v.services.iter().map(|x| x.id.as_str()).collect(),
            "agency" => v.agencies.iter().map(|x| x.id.as_str()).collect(),
            "indicator" => v.indicators.iter().map(|x| x.id.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

fn number_prefix(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("{n}. "),
        Lang::En => format!("{n}. "),
    }
}

fn unknown_id(kind: &str, id: &str, known: Vec<&str>) -> String {
    let mut known = known;
    known.sort();
    if known.is_empty() {
        format!("no {kind} has the id {id:?} (the site has no {kind} data)")
    } else {
        let near = known
            .iter()
            .min_by_key(|k| strsim(id, k))
            .copied()
            .unwrap_or("");
        format!("no {kind} has the id {id:?}; did you mean {near:?}?")
    }
}

/// A rough distance for suggestions: differing characters plus the length difference.
fn strsim(a: &str, b: &str) -> usize {
    let diff = a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
    diff + a.chars().count().abs_diff(b.chars().count())
}

impl ShortcodeHandler for SiteShortcodes<'_> {
    fn render(&self, call: &Call, lang: Lang) -> Result<String, String> {
        match call.name.as_str() {
            "indicator" => {
                let id = call.str_arg("id")?;
                let Some(view) = self.site.views.indicators.iter().find(|v| v.id == id) else {
                    return Err(unknown_id("indicator", id, self.ids("indicator")));
                };
                let mut ctx = self.context(lang);
                ctx.insert("indicator", view);
                ctx.insert("args", &call.args);
                self.render_template("shortcodes/indicator.html", &ctx)
            }
            kind @ ("task" | "project" | "firm" | "service" | "agency") => {
                self.entity_link(call, lang, kind)
            }
            name => {
                let template = format!("shortcodes/{name}.html");
                if !self.site.theme.has_template(&template) {
                    return Err(format!(
                        "unknown shortcode `{name}`; the shortcodes are indicator, task, project, firm, service, agency, and those in templates/shortcodes/"
                    ));
                }
                // Theme shortcodes put their arguments into attributes: an address argument
                // is held to the same rule as a Markdown link.
                for (key, value) in &call.args {
                    let Some(address) = value.as_str() else {
                        continue;
                    };
                    let is_address = matches!(key.as_str(), "src" | "href" | "url" | "link");
                    if is_address && !crate::markdown::is_allowed_address(address, key == "src") {
                        return Err(format!(
                            "the address {address:?} given as `{key}` is not allowed; use a site path such as /files/chart.png or an http(s) address"
                        ));
                    }
                }
                let mut ctx = self.context(lang);
                ctx.insert("args", &call.args);
                self.render_template(&template, &ctx)
            }
        }
    }
}
