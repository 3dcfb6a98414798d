//! Dependencies point one way: commands → emit / diff → dialect → model. A dialect module
//! that imports the differ or the emitter would close the import circle the migration side
//! once had (dialect → diff → emit → dialect); the model imports none of the layers above it.

use std::fs;
use std::path::Path;

/// The `use crate::…` and `crate::…::` paths a source file names (comments left out).
fn crate_paths(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let module: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push(module);
            rest = after;
        }
    }
    found
}

fn files_under(dir: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has Rust files", root.display());
    files
}

fn assert_imports_none_of(dir: &str, forbidden: &[&str]) {
    let mut offending = Vec::new();
    for file in files_under(dir) {
        for module in crate_paths(&file) {
            if forbidden.contains(&module.as_str()) {
                offending.push(format!("{} uses crate::{module}", file.display()));
            }
        }
    }
    assert!(offending.is_empty(), "{}", offending.join("\n"));
}

#[test]
fn no_dialect_module_imports_the_differ_the_emitter_or_the_commands() {
    assert_imports_none_of(
        "src/dialect",
        &["diff", "emit", "cli", "docs", "coverage", "export"],
    );
}

#[test]
fn the_model_imports_no_layer_above_the_dialects() {
    assert_imports_none_of(
        "src/model",
        &["diff", "emit", "cli", "docs", "coverage", "export"],
    );
}

#[test]
fn the_emitter_does_not_import_the_differ() {
    assert_imports_none_of("src/emit", &["diff", "cli"]);
}

#[test]
fn the_check_sees_an_import() {
    // The reader itself: a file that does import the differ is caught.
    let paths = crate_paths(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli/diff.rs"));
    assert!(paths.iter().any(|m| m == "diff"), "{paths:?}");
}

#[test]
fn the_importers_import_no_command_emitter_or_differ() {
    // cli → import → dialect → model: `import db` reuses the readers of `import sql`, not
    // the commands.
    assert_imports_none_of("src/import", &["cli", "emit", "diff", "docs", "coverage"]);
    assert_imports_none_of(
        "src/import/db",
        &["cli", "emit", "diff", "docs", "coverage"],
    );
}

#[test]
fn the_exporters_import_no_command_emitter_differ_or_importer() {
    // commands → export → dialect → model.
    assert_imports_none_of(
        "src/export",
        &["cli", "emit", "diff", "import", "docs", "coverage"],
    );
}
