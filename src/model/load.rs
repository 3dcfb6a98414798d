//! Reading a product directory: `product.yaml`, then every module file it lists. Every file is
//! read even when an earlier one fails, so one run reports all the errors.

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::ast::{ModuleFile, ProductFile};
use super::diagnostic::{Diagnostic, Diagnostics, Pos};
use super::{Model, resolve, validate};

/// The product file every model directory has.
pub const PRODUCT_FILE: &str = "product.yaml";

/// Loads, resolves and validates the model in `dir`.
pub fn load(dir: &Path) -> Result<Model, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let product_path: Arc<Path> = dir.join(PRODUCT_FILE).into();
    let Some((product_text, product)) = parse_file::<ProductFile>(&product_path, &mut diagnostics)
    else {
        return Err(diagnostics.sorted());
    };
    let mut hasher = Sha256::new();
    hash_file(&mut hasher, PRODUCT_FILE, &product_text);

    let mut modules = Vec::new();
    for module_ref in &product.modules {
        let file = module_ref.file.value.clone();
        let path: Arc<Path> = dir.join(&file).into();
        if !path.is_file() {
            diagnostics.push(
                Diagnostic::new(
                    Pos::new(&product_path, module_ref.file.referenced),
                    "E002",
                    format!("module file `{}` does not exist", path.display()),
                )
                .help("create it, or fix the `file:` entry"),
            );
            continue;
        }
        if let Some((text, module)) = parse_file::<ModuleFile>(&path, &mut diagnostics) {
            hash_file(&mut hasher, &file, &text);
            modules.push((path, module));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics.sorted());
    }

    let digest: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let content_hash = format!("sha256:{digest}");
    let model = resolve::resolve(
        dir,
        &product_path,
        &product,
        &modules,
        content_hash,
        &mut diagnostics,
    );
    validate::validate(&model, &mut diagnostics);
    if diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(diagnostics.sorted())
    }
}

/// Reads and deserializes one YAML file; on failure records a diagnostic and returns `None`.
fn parse_file<T: DeserializeOwned>(
    path: &Arc<Path>,
    diagnostics: &mut Diagnostics,
) -> Option<(String, T)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(
                Diagnostic::new(
                    Pos {
                        file: path.clone(),
                        line: 0,
                        column: 0,
                    },
                    "E001",
                    format!("cannot read `{}`: {error}", path.display()),
                )
                .help("check the path: a model directory holds product.yaml and its module files"),
            );
            return None;
        }
    };
    match serde_saphyr::from_str_with_options::<T>(&text, yaml_options()) {
        Ok(value) => Some((text, value)),
        Err(error) => {
            diagnostics.push(yaml_error(path, &error));
            None
        }
    }
}

/// The parser's defaults cap a document at 250,000 nodes, about 6,000 tables; a product's
/// module may be larger. Alias and anchor limits (the "billion laughs" guard) stay as they are.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 50_000_000;
    budget.max_events = 200_000_000;
    budget.max_total_scalar_bytes = 1 << 30;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

fn yaml_error(path: &Arc<Path>, error: &serde_saphyr::Error) -> Diagnostic {
    let pos = error
        .location()
        .map(|location| Pos::new(path, location))
        .unwrap_or_else(|| Pos::file_start(path));
    let message = error.without_snippet().to_string();
    // saphyr appends the position; ours is already in the diagnostic.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    // Advice meant for the programmer embedding the parser, not for the model's author.
    let message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let help = if message.contains("unknown field") {
        "remove or rename the key: the model format is in model/README.md and `schemagen schema`"
    } else if message.contains("duplicate") {
        "a key may appear once per mapping: remove one of them"
    } else if message.contains("unknown variant") {
        "use one of the listed values"
    } else if message.contains("missing field") {
        "add the required key"
    } else {
        "fix the YAML at this position (indentation, quoting, a missing `:` or `-`)"
    };
    Diagnostic::new(pos, "E001", message).help(help)
}

/// Hashes a file's name and text with line endings normalised, so a CRLF checkout hashes alike.
fn hash_file(hasher: &mut Sha256, name: &str, text: &str) {
    hasher.update(name.as_bytes());
    hasher.update([0]);
    hasher.update(text.replace("\r\n", "\n").as_bytes());
    hasher.update([0]);
}
