//! `shipshape config path|init`.

use crate::cli::ConfigAction;
use crate::config::{DEFAULT_FILE, Paths};

pub fn run(action: &ConfigAction, paths: &Paths) -> color_eyre::Result<u8> {
    match action {
        ConfigAction::Path => println!("{}", paths.config_file.display()),
        ConfigAction::Init => {
            crate::export::write_file(&paths.config_file, DEFAULT_FILE.as_bytes(), false)?;
            println!("wrote {}", paths.config_file.display());
        }
    }
    Ok(super::exit::OK)
}
