//! Frames a file with the minijinja template `templates/file.sql.j2`: header, blocks of
//! statements, terminators. The template is embedded, so the binary needs no data files.

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_template("file.sql.j2", include_str!("../../templates/file.sql.j2"))
        .expect("templates/file.sql.j2 parses");
    env
});

#[derive(Serialize)]
pub struct FileContext<'a> {
    pub product: &'a str,
    pub product_description: Option<&'a str>,
    pub module: &'a str,
    pub module_description: Option<&'a str>,
    pub module_file: &'a str,
    pub dialect: &'a str,
    pub target_version: String,
    /// How to run the file, where it needs a particular client or option.
    pub run_hint: Option<String>,
    pub content_hash: &'a str,
    pub blocks: Vec<Vec<FramedStatement>>,
}

/// A statement as the template writes it: `--` comment lines, the SQL, its terminator.
#[derive(Serialize)]
pub struct FramedStatement {
    pub comment: Option<String>,
    pub sql: String,
    pub terminator: String,
}

pub fn render_file(context: &FileContext) -> String {
    let mut text = TEMPLATES
        .get_template("file.sql.j2")
        .expect("template registered")
        .render(minijinja::value::Serde(context))
        .expect("file template renders with a complete context");
    // Exactly one newline at the end, whatever the template's last line does.
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    text
}
