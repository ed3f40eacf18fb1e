//! Reports render a [`Snapshot`](crate::model::Snapshot) to text. Strings in, strings out:
//! writing files is `export`'s job.

pub mod catalog;
pub mod json;
