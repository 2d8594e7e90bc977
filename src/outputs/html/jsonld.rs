//! schema.org descriptions of pages as JSON-LD: a `GovernmentService` for each service, a
//! `GovernmentOrganization` for each body, a `DataCatalog` of `Dataset`s for the open data.
//!
//! Each is written into the page as `<script type="application/ld+json">`, a data block that
//! browsers do not execute (so the Content-Security-Policy's `script-src 'self'` is not
//! involved). Only facts of the site's own data go in; a contact appears only when the data
//! gives one. The text is serialised by serde_json and `<`, `>` and `&` are written as
//! `\u003c`, `\u003e` and `\u0026`, so no value can end the script element early.

use serde_json::{json, Map, Value};

use super::data_page::PageValue;
use crate::base::lang::Lang;
use crate::model::views::{AgencyView, ContactView, ServiceView};
use crate::model::{EntityKind, Site};

/// The JSON text of `value`, safe inside a `<script>` element.
pub fn to_script_text(value: &Value) -> String {
    // Serialising a `Value` cannot fail.
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn contact_fields(map: &mut Map<String, Value>, c: &ContactView, lang: Lang) {
    let code = lang.code();
    if let Some(p) = &c.phone {
        map.insert("telephone".into(), json!(p));
    }
    if let Some(e) = &c.email {
        map.insert("email".into(), json!(e));
    }
    if let Some(a) = &c.address {
        map.insert(
            "address".into(),
            json!({ "@type": "PostalAddress", "streetAddress": a.get(code) }),
        );
    }
    // Office hours stay on the page: schema.org wants them as structured opening hours,
    // which free text such as 工作日 9:00–17:00 is not.
}

/// A service as a `GovernmentService`.
pub fn service(site: &Site, lang: Lang, s: &ServiceView) -> String {
    let code = lang.code();
    let providers: Vec<Value> = s
        .providers
        .iter()
        .map(|p| {
            json!({
                "@type": "GovernmentOrganization",
                "name": p.name.get(code),
                "url": site.addresses.permalink(lang, &p.path),
            })
        })
        .collect();
    let mut map = Map::new();
    map.insert("@context".into(), json!("https://schema.org"));
    map.insert("@type".into(), json!("GovernmentService"));
    map.insert("name".into(), json!(s.title.get(code)));
    map.insert("description".into(), json!(s.description.get(code)));
    map.insert("url".into(), json!(site.addresses.permalink(lang, &s.path)));
    map.insert("inLanguage".into(), json!(lang.html_lang()));
    map.insert("serviceType".into(), json!(s.category.name.get(code)));
    map.insert("provider".into(), Value::Array(providers));
    let apply = s.how_to_apply.as_ref().and_then(|h| h.apply_url.as_ref());
    if apply.is_some() || s.contact.is_some() {
        let mut channel = Map::new();
        channel.insert("@type".into(), json!("ServiceChannel"));
        if let Some(u) = apply {
            channel.insert("serviceUrl".into(), json!(u));
        }
        if let Some(c) = &s.contact {
            if let Some(p) = &c.phone {
                channel.insert(
                    "servicePhone".into(),
                    json!({ "@type": "ContactPoint", "telephone": p }),
                );
            }
            if let Some(a) = &c.address {
                channel.insert(
                    "serviceLocation".into(),
                    json!({ "@type": "Place", "address": a.get(code) }),
                );
            }
        }
        map.insert("availableChannel".into(), Value::Object(channel));
    }
    to_script_text(&Value::Object(map))
}

/// A body as a `GovernmentOrganization`.
pub fn agency(site: &Site, lang: Lang, a: &AgencyView) -> String {
    let code = lang.code();
    let mut map = Map::new();
    map.insert("@context".into(), json!("https://schema.org"));
    map.insert("@type".into(), json!("GovernmentOrganization"));
    map.insert("name".into(), json!(a.name.get(code)));
    if a.short_name.get(code) != a.name.get(code) {
        map.insert("alternateName".into(), json!(a.short_name.get(code)));
    }
    map.insert("description".into(), json!(a.description.get(code)));
    map.insert("url".into(), json!(site.addresses.permalink(lang, &a.path)));
    if let Some(c) = &a.contact {
        contact_fields(&mut map, c, lang);
        if let Some(w) = &c.website {
            map.insert("sameAs".into(), json!(w));
        }
    }
    to_script_text(&Value::Object(map))
}

/// The open data as a `DataCatalog` of `Dataset`s, each with its downloads; a dataset
/// without records is listed without downloads.
pub fn catalogue(site: &Site, lang: Lang, page: &PageValue) -> String {
    let datasets: Vec<Value> = page
        .datasets
        .iter()
        .map(|d| {
            let mut map = Map::new();
            map.insert("@type".into(), json!("Dataset"));
            map.insert("name".into(), json!(d.title));
            map.insert("description".into(), json!(d.description));
            map.insert(
                "url".into(),
                json!(format!(
                    "{}#{}",
                    site.addresses
                        .permalink(lang, crate::model::plan::OPEN_DATA_PATH),
                    d.id
                )),
            );
            map.insert("inLanguage".into(), json!(["zh-CN", "en"]));
            if let Some(u) = &page.updated {
                map.insert("dateModified".into(), json!(u));
            }
            if let Some(l) = &page.licence_url {
                map.insert("license".into(), json!(l));
            }
            if d.records > 0 {
                let files: Vec<Value> = d
                    .files
                    .iter()
                    .map(|f| {
                        json!({
                            "@type": "DataDownload",
                            "encodingFormat": f.media_type,
                            "contentUrl": site.addresses.file_permalink(&f.path),
                        })
                    })
                    .collect();
                map.insert("distribution".into(), Value::Array(files));
            }
            Value::Object(map)
        })
        .collect();
    let mut map = Map::new();
    map.insert("@context".into(), json!("https://schema.org"));
    map.insert("@type".into(), json!("DataCatalog"));
    map.insert(
        "name".into(),
        json!(crate::outputs::common::ui(site, lang, "data_title")),
    );
    map.insert(
        "url".into(),
        json!(site
            .addresses
            .permalink(lang, crate::model::plan::OPEN_DATA_PATH)),
    );
    map.insert("inLanguage".into(), json!(lang.html_lang()));
    if let Some(u) = &page.updated {
        map.insert("dateModified".into(), json!(u));
    }
    if let Some(issuer) = site
        .views
        .plan
        .as_ref()
        .and_then(|p| EntityKind::Agency.find(&site.views, &p.issuer.value))
    {
        map.insert(
            "publisher".into(),
            json!({
                "@type": "GovernmentOrganization",
                "name": site.views.agencies[issuer].name.get(lang.code()),
            }),
        );
    }
    map.insert("dataset".into(), Value::Array(datasets));
    to_script_text(&Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_its_element() {
        let text = to_script_text(&json!({ "name": "</script><b>&" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><b>&");
    }
}
