//! Small building blocks shared by the views.

pub mod badge;
pub mod columns;
pub mod panel;
pub mod popup;
pub mod usage;
