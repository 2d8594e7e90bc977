//! The site model: what the files mean, resolved once for every output.
//!
//! [`Site`] holds the loaded inputs plus their resolved [`views`] (every reference turned into
//! a name and an address), the indicators' [`progress`], the open-data [`catalogue`] and the
//! [`entity`] registry; [`plan`] lists every page to produce. This layer imports only
//! [`crate::base`] and [`crate::input`]; outputs read it and never write to it.

pub mod catalogue;
pub mod changes;
pub mod entity;
pub mod plan;
pub mod progress;
pub mod site;
pub mod views;

pub use entity::EntityKind;
pub use plan::{Job, JobKind, PagePlan};
pub use site::{LoadOptions, Site};
pub use views::Views;
