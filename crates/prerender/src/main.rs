//! `prerender --config CONFIG PAGE`: writes CONFIG (a service's configuration
//! file) into the built page PAGE, with the start page made from it (see
//! the library). `prerender --fetch PATH PAGE` makes PAGE fetch its
//! configuration from PATH when it starts instead. Either way, it then
//! writes the page's stylesheets and loader into it (`inline_assets`).
//! scripts/build.sh runs it on each page it builds.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [option, value, page] = args.as_slice() else {
        eprintln!("usage: prerender --config CONFIG_FILE PAGE | --fetch CONFIG_PATH PAGE");
        return ExitCode::from(2);
    };
    match run(option, value, page) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {page}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(option: &str, value: &str, page: &str) -> Result<(), String> {
    let html = std::fs::read_to_string(page).map_err(|e| e.to_string())?;
    let written = match option {
        "--config" => {
            let config = std::fs::read_to_string(value).map_err(|e| format!("{value}: {e}"))?;
            prerender::render_page(&html, &config).map_err(|e| format!("{value}: {e}"))?
        }
        "--fetch" => prerender::fetching_page(&html, value).map_err(|e| e.to_string())?,
        _ => return Err(format!("unknown option {option}")),
    };
    // scripts/build.sh serves each page from the folder it is in.
    let site = std::path::Path::new(page)
        .parent()
        .unwrap_or(std::path::Path::new("."));
    let written = prerender::inline_assets(&written, site).map_err(|e| e.to_string())?;
    std::fs::write(page, written).map_err(|e| e.to_string())
}
