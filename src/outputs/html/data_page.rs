//! What the `/data/` page shows of the open-data catalogue: for each dataset its title,
//! description, record count, files (address and size) and fields, in the page's language.

use serde::Serialize;

use crate::base::lang::Lang;
use crate::base::text::exact_number;
use crate::model::Site;

/// The `/data/` page's view of the catalogue, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct PageValue {
    pub datasets: Vec<DatasetValue>,
    pub updated: Option<String>,
    pub licence: String,
    pub licence_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetValue {
    pub id: &'static str,
    pub title: String,
    pub description: String,
    pub source: &'static str,
    /// The list page of the same records, in the page's language.
    pub page_url: String,
    pub records: usize,
    pub files: Vec<FileValue>,
    pub fields: Vec<FieldValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileValue {
    pub format: &'static str,
    /// The file's media type, for the link's `type` attribute.
    pub media_type: &'static str,
    /// Below the site root, e.g. `data/tasks.csv`.
    pub path: String,
    /// With the base path, e.g. `/data/tasks.csv`.
    pub url: String,
    pub bytes: usize,
    /// E.g. `12.3 KB`.
    pub size: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldValue {
    pub name: String,
    /// A field type key (`id`, `text`, …).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub meaning: String,
}

/// The catalogue of `site` as the `/data/` page of `lang` shows it.
pub fn page_value(site: &Site, lang: Lang) -> PageValue {
    let catalogue = &site.catalogue;
    let code = lang.code();
    let datasets = catalogue
        .datasets
        .iter()
        .map(|d| DatasetValue {
            id: d.id,
            title: d.title.get(code).to_string(),
            description: d.description.get(code).to_string(),
            source: d.source,
            page_url: site.addresses.page(lang, &d.section),
            records: d.rows.len(),
            files: [
                ("JSON", "application/json", d.json_path()),
                ("CSV", "text/csv", d.csv_path()),
            ]
            .into_iter()
            .map(|(format, media_type, path)| {
                let bytes = catalogue.file_size(&path);
                FileValue {
                    format,
                    media_type,
                    url: site.addresses.file(&path),
                    bytes,
                    size: size_label(bytes),
                    path,
                }
            })
            .collect(),
            fields: d
                .fields
                .iter()
                .map(|f| FieldValue {
                    name: f.name.clone(),
                    kind: f.kind.key(),
                    meaning: f.meaning.get(code).to_string(),
                })
                .collect(),
        })
        .collect();
    let od = &site.config.open_data;
    PageValue {
        datasets,
        updated: catalogue.updated.clone(),
        licence: od.licence_text(lang).to_string(),
        licence_url: (!od.licence_url.is_empty()).then(|| od.licence_url.clone()),
    }
}

/// A file size for people: bytes below 1 KB, then KB with one decimal (1 KB = 1024 bytes).
pub fn size_label(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        let kb = (bytes as f64 / 1024.0 * 10.0).round() / 10.0;
        format!("{} KB", exact_number(kb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_expect() {
        assert_eq!(size_label(900), "900 B");
        assert_eq!(size_label(2048), "2 KB");
        assert_eq!(size_label(1536 + 10), "1.5 KB");
    }
}
