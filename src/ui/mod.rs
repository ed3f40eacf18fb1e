//! The terminal UI: state, key map, update and views. No engine or cluster code in here.

pub mod act;
pub mod action;
pub mod command;
pub mod contexts;
pub mod format;
pub mod glyphs;
pub mod keymap;
pub mod mouse;
pub mod palette;
pub mod production;
pub mod rows;
pub mod snippet;
pub mod state;
pub mod theme;
pub mod update;
pub mod views;
pub mod waive;
pub mod widgets;

pub use views::render;
