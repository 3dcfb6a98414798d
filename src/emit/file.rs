//! Frames a file with the minijinja template `templates/file.sql.j2`: header, blocks of
//! statements, terminators; and a migration with `templates/migration.sql.j2`. The templates
//! are embedded, so the binary needs no data files. The model's texts are values of the
//! context, never template source: minijinja writes `{{ }}` in a description as it is.

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("comment_lines", |text: &str| {
        crate::dialect::comment_lines(text)
    });
    env.add_template("file.sql.j2", include_str!("../../templates/file.sql.j2"))
        .expect("templates/file.sql.j2 parses");
    env.add_template(
        "migration.sql.j2",
        include_str!("../../templates/migration.sql.j2"),
    )
    .expect("templates/migration.sql.j2 parses");
    env
});

/// Renders `template` (a file of `templates/`) with `context`, ending in exactly one newline.
pub fn render(
    template: &str,
    context: impl Into<minijinja::Value>,
) -> Result<String, minijinja::Error> {
    let mut text = TEMPLATES.get_template(template)?.render(context)?;
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
pub struct FileContext<'a> {
    pub product: String,
    pub product_description: Option<String>,
    pub module: String,
    pub module_description: Option<String>,
    pub module_file: &'a str,
    pub dialect: &'a str,
    pub target_version: String,
    /// How to run the file, where it needs a particular client or option.
    pub run_hint: Option<String>,
    /// What the database must allow ([`crate::dialect::Dialect::requirements`]).
    pub requirements: Vec<String>,
    pub content_hash: &'a str,
    /// The dialect's client settings before the first statement.
    pub preamble: Vec<String>,
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
    render("file.sql.j2", minijinja::value::Serde(context))
        .expect("file template renders with a complete context")
}
