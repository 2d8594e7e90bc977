//! `planportal schema`: JSON Schemas of every data file and of front matter, generated from
//! the Rust types that read them (`schemars`), so the schemas cannot drift from what a build
//! accepts. Written into `schemas/`; each data file names its schema on its first line
//! (`# yaml-language-server: $schema=../schemas/tasks.schema.json`), so VS Code's YAML
//! extension and JetBrains editors complete field names, show each field's description and
//! underline a wrong value while the editor types.

use std::path::{Path, PathBuf};

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::base::error::{Error, Result};
use crate::input::content::front_matter::FrontMatter;
use crate::input::data::glossary::Term;
use crate::input::data::indicator::Indicator;
use crate::input::data::model::{
    Agency, FirmsFile, Plan, Project, ServicesFile, SynonymGroup, Task,
};
use crate::input::data::observations::ObservationRecord;

/// The folder of a site the schemas are written into.
pub const SCHEMA_DIR: &str = "schemas";

/// The schema file of the data file `file` (`tasks.yaml` → `tasks.schema.json`).
pub fn schema_file_name(file: &str) -> String {
    format!("{}.schema.json", file.trim_end_matches(".yaml"))
}

/// The line each data file starts with, naming its schema for editors.
pub fn schema_line(file: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../{SCHEMA_DIR}/{}",
        schema_file_name(file)
    )
}

fn schema_of<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let mut schema = SchemaGenerator::default().into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

/// Every schema as (file name, JSON text), in a fixed order: one per data file of
/// [`crate::input::data::FILES`], then `front-matter.schema.json`.
pub fn schema_files() -> Vec<(String, String)> {
    let schemas = [
        ("plan.yaml", schema_of::<Plan>("data/plan.yaml", "The action plan itself: title, document number, dates, goals, actions, safeguards and annexes.")),
        ("tasks.yaml", schema_of::<Vec<Task>>("data/tasks.yaml", "The plan's numbered key tasks, each under one action of plan.yaml.")),
        ("projects.yaml", schema_of::<Vec<Project>>("data/projects.yaml", "The plan's key projects.")),
        ("firms.yaml", schema_of::<FirmsFile>("data/firms.yaml", "Companies the plan names, with the sectors and directions that classify its key firms.")),
        ("services.yaml", schema_of::<ServicesFile>("data/services.yaml", "The plan's list of services, by category.")),
        ("agencies.yaml", schema_of::<Vec<Agency>>("data/agencies.yaml", "Bodies the plan names: the issuer, implementing bodies, service providers, data sources.")),
        ("indicators.yaml", schema_of::<Vec<Indicator>>("data/indicators.yaml", "The plan's key indicators, with baseline, target and published values.")),
        ("observations.yaml", schema_of::<Vec<ObservationRecord>>("data/observations.yaml", "Published values of the key indicators, one entry per value, with where it was published (a log: a later entry for the same indicator and year revises it).")),
        ("search-synonyms.yaml", schema_of::<Vec<SynonymGroup>>("data/search-synonyms.yaml", "Site search synonyms: everyday words readers type, and the plan's terms a search for them should also find.")),
        ("glossary.yaml", schema_of::<Vec<Term>>("data/glossary.yaml", "Each recurring Chinese term of the plan with the one English rendering the site uses and the variants `check` rejects.")),
    ];
    let mut out: Vec<(String, String)> = schemas
        .into_iter()
        .map(|(file, schema)| (schema_file_name(file), to_text(&schema)))
        .collect();
    out.push((
        "front-matter.schema.json".to_string(),
        to_text(&schema_of::<FrontMatter>(
            "Front matter of a page of content/",
            "The YAML block between the --- lines at the top of every Markdown page.",
        )),
    ));
    out
}

fn to_text(schema: &Schema) -> String {
    // Serialising a schema (a JSON value) cannot fail.
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `<root>/schemas/`. Returns the files written, relative to root.
pub fn write_schemas(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join(SCHEMA_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("io-create", &dir, e))?;
    let mut written = Vec::new();
    for (name, text) in schema_files() {
        let path = dir.join(&name);
        std::fs::write(&path, text).map_err(|e| Error::io("io-write", &path, e))?;
        written.push(Path::new(SCHEMA_DIR).join(name));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_file_has_a_schema() {
        let names: Vec<String> = schema_files().into_iter().map(|(n, _)| n).collect();
        for file in crate::input::data::FILES {
            assert!(names.contains(&schema_file_name(file)), "{file}");
        }
        assert!(names.contains(&"front-matter.schema.json".to_string()));
    }
}
