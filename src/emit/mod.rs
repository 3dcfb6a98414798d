//! The emitter: model → statements → files.
//!
//! For each module and dialect: pick the tables that exist in the dialect, order them so
//! foreign keys point backwards ([`order`]), build sea-query statements ([`statements`]),
//! render them with the dialect ([`render`]) and frame the file ([`file`]). Writing the files
//! to disk is [`tree`]'s job.

pub mod file;
pub mod order;
pub mod render;
pub mod statements;
pub mod tree;

use anyhow::{Result, bail};

use crate::dialect::{DialectName, Statement, Target};
use crate::model::Model;

/// One generated file: its path inside the output tree (`/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub dialect: DialectName,
    pub contents: String,
}

/// Generates the files of `dialects` (all the product's dialects when empty), with their
/// variants, in a stable order.
pub fn generate(model: &Model, dialects: &[DialectName]) -> Result<Vec<OutputFile>> {
    let selected: Vec<DialectName> = if dialects.is_empty() {
        model.product.targets.keys().copied().collect()
    } else {
        for dialect in dialects {
            if !model.product.targets.contains_key(dialect) {
                bail!(
                    "product `{}` does not target dialect `{dialect}`; it targets: {}",
                    model.product.name,
                    model
                        .product
                        .targets
                        .keys()
                        .map(|d| d.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        let mut d = dialects.to_vec();
        d.sort();
        d.dedup();
        d
    };
    let mut files = Vec::new();
    for dialect in selected {
        for (variant, target) in model.product.targets[&dialect].outputs(dialect) {
            for module in &model.modules {
                files.push(module_file(model, module, dialect, variant, &target));
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn module_file(
    model: &Model,
    module: &crate::model::Module,
    name: DialectName,
    variant: Option<&str>,
    target: &Target,
) -> OutputFile {
    let dialect = name.implementation();
    let renderer = render::Renderer {
        dialect,
        policy: model.product.identifiers,
        target,
    };
    let tables: Vec<_> = module.tables.iter().filter(|t| t.exists_in(name)).collect();
    let ordered = order::order_tables(&tables);
    let mut blocks: Vec<Vec<Statement>> = Vec::new();
    let mut deferred = Vec::new();
    let mut rows = Vec::new();
    let mut longest_name = 0;
    for table in &ordered.tables {
        let built = statements::table_statements(&model.product, table, name, &ordered.deferred);
        longest_name = longest_name.max(longest_name_of(dialect, &target.version, table, &built));
        let table_target = target.for_table(table, name);
        let renderer = render::Renderer {
            target: &table_target,
            ..renderer
        };
        let mut block = renderer.create_table(&built.create, &built.uniques, &built.checks);
        block.extend(
            built
                .indexes
                .iter()
                .map(|i| renderer.create_index(&built.name, i)),
        );
        blocks.push(block);
        deferred.extend(built.deferred_foreign_keys);
        rows.extend(built.rows);
    }
    if !deferred.is_empty() {
        blocks.push(
            deferred
                .iter()
                .map(|fk| renderer.add_foreign_key(fk))
                .collect(),
        );
    }
    if !rows.is_empty() {
        blocks.push(renderer.insert_rows(&rows));
    }
    let framed = blocks
        .into_iter()
        .map(|block| {
            block
                .into_iter()
                .map(|s| file::FramedStatement {
                    terminator: dialect.terminator(s.kind, target),
                    comment: s.comment,
                    sql: s.sql,
                })
                .collect()
        })
        .collect();
    let stem = variant.unwrap_or(name.as_str());
    let file_name = model.product.output_file_name(stem);
    let contents = file::render_file(&file::FileContext {
        product: dialect.comment_text(&model.product.name),
        product_description: model
            .product
            .description
            .as_deref()
            .map(|d| dialect.comment_text(d)),
        module: dialect.comment_text(&module.name),
        module_description: module
            .description
            .as_deref()
            .map(|d| dialect.comment_text(d)),
        module_file: &module.file,
        dialect: stem,
        target_version: target.version.to_string(),
        run_hint: dialect.run_hint(&file_name, target),
        requirements: dialect.requirements(longest_name, target),
        content_hash: &model.content_hash,
        preamble: dialect.script_preamble(target),
        blocks: framed,
    });
    OutputFile {
        path: model.product.output_path(module, stem),
        dialect: name,
        contents,
    }
}

/// The length in bytes of the longest name the table's statements write: the table, its
/// columns, the names given to its keys, indexes and foreign keys, and the names derived for
/// its CHECKs and unnamed key indexes (as the renderer derives them).
fn longest_name_of(
    dialect: &dyn crate::dialect::Dialect,
    version: &crate::model::Version,
    table: &crate::model::Table,
    built: &statements::TableStatements,
) -> usize {
    let given = table
        .primary_key
        .iter()
        .filter_map(|k| k.name.as_ref())
        .chain(table.foreign_keys.iter().filter_map(|f| f.name.as_ref()))
        .map(|n| n.name.len());
    let keys = built
        .uniques
        .iter()
        .chain(&built.indexes)
        .filter_map(|k| k.name.as_ref())
        .map(String::len);
    let derived = built
        .checks
        .iter()
        .map(|c| crate::dialect::names::check_name(dialect, version, &built.name, &c.column))
        .chain(
            built
                .uniques
                .iter()
                .filter(|k| {
                    !matches!(
                        k.form(dialect, &k.columns),
                        crate::dialect::UniqueForm::AsWritten
                    )
                })
                .enumerate()
                .filter(|(_, k)| k.name.is_none())
                .map(|(i, _)| {
                    crate::dialect::names::unique_index_name(dialect, version, &built.name, i)
                }),
        )
        .map(|n| n.len());
    std::iter::once(table.name.name.len())
        .chain(table.columns.iter().map(|c| c.name.name.len()))
        .chain(given)
        .chain(keys)
        .chain(derived)
        .max()
        .unwrap_or(0)
}
