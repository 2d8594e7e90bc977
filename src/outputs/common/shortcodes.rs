//! The shortcodes communications staff can use in Markdown.
//!
//! - `{{ indicator(id="rd-intensity") }}`: an indicator card from `data/indicators.yaml`;
//! - `{{ indicator_note(id="leading-industries-scale") }}`: that indicator's `note`, for
//!   prose that states one of its figures;
//! - `{{ task(id="…") }}`, `project`, `firm`, `service`, `agency`: a link whose text is the
//!   entity's name in the page's language;
//! - any other `{{ name(…) }}` for which the theme has `templates/shortcodes/name.html`
//!   (the default theme ships `figure`, `callout` and `site_contact`), given its arguments
//!   as `args` and the site's identity and contact as `site`.
//!
//! An unknown shortcode or id is an error that names the file, line and column.

use tera::Context;

use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::text::{did_you_mean, escape_html};
use crate::input::theme::template_diagnostic;
use crate::markdown::{Call, ShortcodeHandler};
use crate::model::{EntityKind, Site};
use crate::msg;

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
        ctx.insert("root", &self.site.addresses.root(lang));
        ctx.insert("base_path", self.site.addresses.base_path());
        ctx.insert("site", &super::site_value(self.site, lang));
        ctx
    }

    fn render_template(&self, name: &str, ctx: &Context) -> Result<String, Message> {
        self.site.theme.tera.render(name, ctx).map_err(|e| {
            let d = template_diagnostic(&e, &self.site.theme.template_files);
            msg!(
                "shortcode-template-failed",
                place = format!("{}:{}:{}", d.file_display(), d.line, d.column),
                problem = d.message
            )
        })
    }

    /// A link to an entity whose text is its name in the page's language (or `text=`).
    fn entity_link(&self, call: &Call, lang: Lang, kind: EntityKind) -> Result<String, Message> {
        let id = call.str_arg("id")?;
        let views = &self.site.views;
        let index = kind
            .find(views, id)
            .ok_or_else(|| unknown_id(kind, id, views))?;
        let text = match call.args.get("text").and_then(|t| t.as_str()) {
            Some(t) => t.to_string(),
            None => kind.link_text(views, index, lang),
        };
        Ok(format!(
            "<a class=\"entity-link entity-{}\" href=\"{}\">{}</a>",
            kind.singular(),
            escape_html(&self.site.addresses.page(lang, &kind.path(id))),
            escape_html(&text)
        ))
    }

    /// An indicator card from the theme's `shortcodes/indicator.html`.
    fn indicator_card(&self, call: &Call, lang: Lang) -> Result<String, Message> {
        let kind = EntityKind::Indicator;
        let id = call.str_arg("id")?;
        let views = &self.site.views;
        let index = kind
            .find(views, id)
            .ok_or_else(|| unknown_id(kind, id, views))?;
        let mut ctx = self.context(lang);
        ctx.insert("indicator", &views.indicators[index]);
        ctx.insert("args", &call.args);
        self.render_template("shortcodes/indicator.html", &ctx)
    }
}

impl SiteShortcodes<'_> {
    /// The `note` of an indicator (from `data/indicators.yaml`), for prose that states one of
    /// its figures, so the note is written once, in the data, and shown wherever it applies.
    fn indicator_note(&self, call: &Call, lang: Lang) -> Result<String, Message> {
        let kind = EntityKind::Indicator;
        let id = call.str_arg("id")?;
        let views = &self.site.views;
        let index = kind
            .find(views, id)
            .ok_or_else(|| unknown_id(kind, id, views))?;
        let Some(note) = &views.indicators[index].indicator.note else {
            return Err(msg!(
                "shortcode-no-note",
                id = format!("{id:?}"),
                file = kind.data_file()
            ));
        };
        let mut ctx = self.context(lang);
        ctx.insert("note", note);
        self.render_template("partials/figure_note.html", &ctx)
    }
}

fn unknown_id(kind: EntityKind, id: &str, views: &crate::model::Views) -> Message {
    let mut known = kind.ids(views);
    known.sort();
    let near = did_you_mean(id, known.iter().copied());
    let id = format!("{id:?}");
    if known.is_empty() {
        return msg!("shortcode-unknown-id-no-data", kind = kind.noun(), id = id);
    }
    match near {
        Some(near) => msg!(
            "shortcode-unknown-id-did-you-mean",
            kind = kind.noun(),
            id = id,
            near = format!("{near:?}")
        ),
        None => msg!(
            "shortcode-unknown-id",
            kind = kind.noun(),
            id = id,
            file = kind.data_file()
        ),
    }
}

impl ShortcodeHandler for SiteShortcodes<'_> {
    fn render(&self, call: &Call, lang: Lang) -> Result<String, Message> {
        if let Some(kind) = EntityKind::from_shortcode(&call.name) {
            return match kind {
                EntityKind::Indicator => self.indicator_card(call, lang),
                EntityKind::Task
                | EntityKind::Project
                | EntityKind::Firm
                | EntityKind::Service
                | EntityKind::Agency => self.entity_link(call, lang, kind),
            };
        }
        if call.name == "indicator_note" {
            return self.indicator_note(call, lang);
        }
        let name = call.name.as_str();
        let template = format!("shortcodes/{name}.html");
        if !self.site.theme.has_template(&template) {
            return Err(msg!("shortcode-unknown", name = name));
        }
        // Theme shortcodes put their arguments into attributes: an address argument
        // is held to the same rule as a Markdown link.
        for (key, value) in &call.args {
            let Some(address) = value.as_str() else {
                continue;
            };
            let is_address = matches!(key.as_str(), "src" | "href" | "url" | "link");
            if is_address && !crate::markdown::is_allowed_address(address, key == "src") {
                return Err(msg!(
                    "shortcode-address-refused",
                    address = format!("{address:?}"),
                    key = key.as_str()
                ));
            }
        }
        let mut ctx = self.context(lang);
        ctx.insert("args", &call.args);
        self.render_template(&template, &ctx)
    }
}
