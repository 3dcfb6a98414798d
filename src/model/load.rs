//! Reading a product directory: `product.yaml`, then every module file it lists. Every file is
//! read even when an earlier one fails, so one run reports all the errors.

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::ast::{ModuleFile, ProductFile};
use super::diagnostic::{Diagnostic, Diagnostics, Pos};
use super::release::{self, Releases};
use super::{Model, resolve, validate};

/// The product file every model directory has.
pub const PRODUCT_FILE: &str = "product.yaml";

/// Loads, resolves and validates the model in `dir` (its newest release, if it has releases).
pub fn load(dir: &Path) -> Result<Model, Diagnostics> {
    load_release(dir, None, None)
}

/// Loads release `release` of the model in `dir` (`None`: the newest). With `base`, the
/// release is read as the new side of an upgrade from `base` (see [`release::at_release`]).
pub fn load_release(
    dir: &Path,
    release: Option<&str>,
    base: Option<&str>,
) -> Result<Model, Diagnostics> {
    let files = read(dir)?;
    let (at, base) = files.pick(release, base)?;
    files.build(at, base)
}

/// Loads every release of the model in `dir`, oldest first (one model if it has none), so
/// that each is validated; the diagnostics of all of them, each once.
pub fn load_every_release(dir: &Path) -> Result<Vec<Model>, Diagnostics> {
    let files = read(dir)?;
    let count = files.releases.names().len().max(1);
    let mut models = Vec::new();
    let mut all = Diagnostics::default();
    for at in 0..count {
        match files.build(files.releases.names().get(at).map(|_| at), None) {
            Ok(model) => models.push(model),
            Err(diagnostics) => all.extend_unique(diagnostics),
        }
    }
    if all.is_empty() {
        Ok(models)
    } else {
        Err(all.sorted())
    }
}

/// The model's files as parsed, before any release is read out of them.
struct Files {
    dir: std::path::PathBuf,
    product_path: Arc<Path>,
    product: ProductFile,
    modules: Vec<(Arc<Path>, ModuleFile)>,
    releases: Releases,
    hasher: Sha256,
}

impl Files {
    /// The release indexes `release` and `base` name (`None`: the newest).
    fn pick(
        &self,
        release: Option<&str>,
        base: Option<&str>,
    ) -> Result<(Option<usize>, Option<usize>), Diagnostics> {
        let find = |name: &str| {
            self.releases.index(name).ok_or_else(|| {
                let mut diagnostics = Diagnostics::default();
                let help = if self.releases.is_empty() {
                    "this product declares no releases: leave out the release option".to_string()
                } else {
                    format!("the product's releases are: {}", self.releases.listed())
                };
                diagnostics.push(
                    Diagnostic::new(
                        Pos::file_start(&self.product_path),
                        "E097",
                        format!("release `{name}` is not declared in product.yaml"),
                    )
                    .help(help),
                );
                diagnostics
            })
        };
        let at = match release {
            Some(name) => Some(find(name)?),
            None => self.releases.newest(),
        };
        let base = base.map(find).transpose()?;
        Ok((at, base))
    }

    /// Release `at` (`None`: a model without releases) resolved and validated.
    fn build(&self, at: Option<usize>, base: Option<usize>) -> Result<Model, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mut hasher = self.hasher.clone();
        let release_modules;
        let modules = match at {
            Some(at) => {
                hasher.update(b"release\0");
                hasher.update(self.releases.names()[at].as_bytes());
                release_modules = release::at_release(&self.product, &self.modules, at, base);
                &release_modules
            }
            None => &self.modules,
        };
        let digest: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let content_hash = format!("sha256:{digest}");
        let mut model = resolve::resolve(
            &self.dir,
            &self.product_path,
            &self.product,
            modules,
            content_hash,
            &mut diagnostics,
        );
        model.release = at.map(|at| self.releases.names()[at].clone());
        model.releases = self.releases.names().to_vec();
        validate::validate(&model, &mut diagnostics);
        if diagnostics.is_empty() {
            Ok(model)
        } else {
            Err(diagnostics.sorted())
        }
    }
}

/// Reads and parses the model's files, and checks their release fields.
fn read(dir: &Path) -> Result<Files, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let product_path: Arc<Path> = dir.join(PRODUCT_FILE).into();
    let Some((product_text, product)) = parse_file::<ProductFile>(
        &product_path,
        Pos::file_start(&product_path),
        &mut diagnostics,
    ) else {
        return Err(diagnostics.sorted());
    };
    let mut hasher = Sha256::new();
    hash_file(&mut hasher, PRODUCT_FILE, &product_text);

    let mut modules = Vec::new();
    let canonical_dir = std::fs::canonicalize(dir).ok();
    for module_ref in &product.modules {
        let file = module_ref.file.value.clone();
        let path: Arc<Path> = dir.join(&file).into();
        let at = Pos::new(&product_path, module_ref.file.referenced);
        match std::fs::canonicalize(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                diagnostics.push(
                    Diagnostic::new(
                        at,
                        "E002",
                        format!("module file `{}` does not exist", path.display()),
                    )
                    .help("create it, or fix the `file:` entry"),
                );
                continue;
            }
            Ok(canonical)
                if canonical_dir
                    .as_ref()
                    .is_some_and(|d| !canonical.starts_with(d)) =>
            {
                diagnostics.push(
                    Diagnostic::new(
                        at,
                        "E053",
                        format!(
                            "module file `{file}` is outside the model directory (it is `{}`)",
                            canonical.display()
                        ),
                    )
                    .help("a model reads only files inside its own directory: move the module file into it, or fix the `file:` entry"),
                );
                continue;
            }
            _ => {}
        }
        if let Some((text, module)) = parse_file::<ModuleFile>(&path, at, &mut diagnostics) {
            hash_file(&mut hasher, &file, &text);
            modules.push((path, module));
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics.sorted());
    }

    release::check(&product_path, &product, &modules, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics.sorted());
    }
    Ok(Files {
        dir: dir.to_path_buf(),
        releases: Releases::of(&product),
        product_path,
        product,
        modules,
        hasher,
    })
}

/// The largest model file read, in bytes: a thousand times the largest shipped module
/// (37 KB), room for about 35,000 tables in one file. Anything larger (a link to `/dev/zero`,
/// a generated mistake) is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// Reads a model file: only a regular file (a FIFO or a device would block or never end), at
/// most [`MAX_FILE_BYTES`].
/// Why a file was not read: the code, message and help, and the position in the file itself
/// when there is one (a byte that is not UTF-8).
type ReadFailure = (&'static str, String, &'static str, Option<(u64, u64)>);

fn read_model_file(path: &Path) -> Result<String, ReadFailure> {
    use std::io::Read;
    let io = |e: std::io::Error| {
        (
            "E001",
            format!("cannot read `{}`: {e}", path.display()),
            "check the path: a model directory holds product.yaml and its module files",
            None,
        )
    };
    let not_regular = || {
        (
            "E052",
            format!(
                "`{}` is not a regular file (a directory, FIFO, socket or device); schemagen reads only regular files",
                path.display()
            ),
            "replace it by the YAML file itself",
            None,
        )
    };
    let too_large = || {
        (
            "E052",
            format!(
                "`{}` is larger than {} MiB, the most schemagen reads from one model file",
                path.display(),
                MAX_FILE_BYTES >> 20
            ),
            "split the tables into several module files",
            None,
        )
    };
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |at| at + 1);
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        (
            "E001",
            format!("`{}` is not UTF-8 text", path.display()),
            "save the file as UTF-8 (this is the first byte that is not)",
            Some((line as u64, column as u64)),
        )
    })
}

/// Reads and deserializes one YAML file of a model directory that is not part of the model
/// proper (an export's mapping file), with the model files' limits and error messages.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path) -> Result<(String, T), Diagnostics> {
    let path: Arc<Path> = path.into();
    let mut diagnostics = Diagnostics::default();
    parse_file::<T>(&path, Pos::file_start(&path), &mut diagnostics).ok_or(diagnostics)
}

/// Reads and deserializes one YAML file; on failure records a diagnostic and returns `None`.
/// `at` is where a file that cannot be read is named (its `file:` entry, or its start).
fn parse_file<T: DeserializeOwned>(
    path: &Arc<Path>,
    at: Pos,
    diagnostics: &mut Diagnostics,
) -> Option<(String, T)> {
    let text = match read_model_file(path) {
        Ok(text) => text,
        Err((code, message, help, in_file)) => {
            let at = match in_file {
                Some((line, column)) => Pos {
                    file: path.clone(),
                    line,
                    column,
                },
                None => at,
            };
            diagnostics.push(Diagnostic::new(at, code, message).help(help));
            return None;
        }
    };
    match serde_saphyr::from_str_with_options::<T>(&text, yaml_options()) {
        Ok(value) => Some((text, value)),
        Err(error) => {
            diagnostics.push(yaml_error(path, &error));
            for more in further_errors::<T>(path, &text, &error) {
                diagnostics.push(more);
            }
            None
        }
    }
}

/// The most further errors read from one file after the first, and the largest file read
/// again for them: each is a parse of the whole file.
const MAX_FURTHER_ERRORS: usize = 20;
const MAX_FURTHER_ERRORS_BYTES: usize = 1 << 20;

/// The errors of a module file after its first: the parser stops at one, so the table holding
/// it is blanked out (its lines emptied, so every later position stays right) and the file
/// parsed again, for as long as each error is a wrong key or value inside one entry of
/// `tables:` (not a YAML syntax error, whose extent is unknown, nor a parser limit).
fn further_errors<T: DeserializeOwned>(
    path: &Arc<Path>,
    text: &str,
    first: &serde_saphyr::Error,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if text.len() > MAX_FURTHER_ERRORS_BYTES {
        return found;
    }
    let mut lines: Vec<&str> = text.lines().collect();
    let Some(indent) = table_item_indent(&lines) else {
        return found;
    };
    let mut error_line = match entry_error_line(first) {
        Some(line) => line,
        None => return found,
    };
    while found.len() < MAX_FURTHER_ERRORS {
        let Some((start, end)) = table_item(&lines, &indent, error_line) else {
            break;
        };
        for line in &mut lines[start..end] {
            *line = "";
        }
        let retry = lines.join("\n");
        let Err(error) = serde_saphyr::from_str_with_options::<T>(&retry, yaml_options()) else {
            break;
        };
        let Some(line) = entry_error_line(&error) else {
            break;
        };
        if table_item(&lines, &indent, line).is_none() {
            break;
        }
        found.push(yaml_error(path, &error));
        error_line = line;
    }
    found
}

/// The 0-based line of an error that is a wrong key or value (not syntax, not a limit).
fn entry_error_line(error: &serde_saphyr::Error) -> Option<usize> {
    if limit_message(error).is_some() {
        return None;
    }
    let message = error.without_snippet().to_string();
    let entry = [
        "unknown field",
        "missing field",
        "unknown variant",
        "invalid type",
        "invalid value",
        "duplicate",
    ];
    if !entry.iter().any(|e| message.contains(e)) {
        return None;
    }
    let line = error.location()?.line();
    usize::try_from(line).ok()?.checked_sub(1)
}

/// The indentation of the entries of the top-level `tables:` list (`  ` in `  - name: T`).
fn table_item_indent(lines: &[&str]) -> Option<String> {
    let at = lines.iter().position(|l| l.trim_end() == "tables:")?;
    lines[at + 1..]
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .filter(|l| l.trim_start().starts_with("- "))
        .map(|l| l[..l.len() - l.trim_start().len()].to_string())
}

/// The lines (start, end) of the `tables:` entry that holds `line`, if one does.
fn table_item(lines: &[&str], indent: &str, line: usize) -> Option<(usize, usize)> {
    let item = format!("{indent}- ");
    let starts = |l: &str| l.starts_with(&item);
    // A line that ends the list: a key or an item at a smaller indentation.
    let ends = |l: &str| {
        let trimmed = l.trim_start();
        !trimmed.is_empty() && !trimmed.starts_with('#') && l.len() - trimmed.len() < indent.len()
    };
    let start = (0..=line.min(lines.len().checked_sub(1)?))
        .rev()
        .take_while(|i| *i == line || !ends(lines[*i]))
        .find(|i| starts(lines[*i]))?;
    let end = (start + 1..lines.len())
        .find(|i| starts(lines[*i]) || ends(lines[*i]))
        .unwrap_or(lines.len());
    (line < end).then_some((start, end))
}

/// Every scalar of a file is text of the file, so without aliases a file holds at most
/// [`MAX_FILE_BYTES`] of them; more is aliases expanding (a "billion laughs"), and is refused.
/// With the 1 GiB set here before (the parser's default is 64 MiB, counted the same way), a
/// 170 KB `product.yaml` of nested anchors allocated 1 GiB of strings before it was stopped.
const MAX_SCALAR_BYTES: usize = MAX_FILE_BYTES as usize;

/// The most parser events aliases may replay in one file: eight times all the events of the
/// largest shipped module (comanage `core.yaml`, 12,922). The parser's default, 1,000,000,
/// let a 42 KB module of nested anchors hold 261 MB (and 6 s in a debug build) before it
/// stopped.
const MAX_REPLAYED_EVENTS: usize = 100_000;

/// The parser's defaults cap a document at 250,000 nodes, about 6,000 tables; a product's
/// module may be larger. What aliases may add is capped on its own: [`MAX_SCALAR_BYTES`],
/// [`MAX_REPLAYED_EVENTS`], and the parser's 50,000 aliases per file, 64 levels of block
/// nesting and 255 of flow nesting (`[[[...`), which stay as they are.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 50_000_000;
    budget.max_events = 200_000_000;
    budget.max_total_scalar_bytes = MAX_SCALAR_BYTES;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    options
}

/// What a parser limit says to a model's author, with what to do, when `error` is one.
fn limit_message(error: &serde_saphyr::Error) -> Option<(String, &'static str)> {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;
    let mut inner = error;
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = inner {
        inner = error;
    }
    let expand = "write the repeated part out, or use fewer anchors and aliases: \
                  schemagen does not expand a file's aliases beyond what one file could hold";
    Some(match inner {
        Error::AliasReplayLimitExceeded { .. } => (
            format!(
                "aliases here expand the file by more than {MAX_REPLAYED_EVENTS} YAML nodes and \
                 markers, the most schemagen expands (a \"billion laughs\" of nested anchors?)"
            ),
            expand,
        ),
        Error::AliasReplayStackDepthExceeded { max_depth, .. } => (
            format!("aliases here nest more than {max_depth} deep"),
            expand,
        ),
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::ScalarBytes { .. } => (
                format!(
                    "the file's texts, with its aliases expanded, are longer than {} MiB, the \
                     most schemagen reads from one model file (a \"billion laughs\" of nested \
                     anchors?)",
                    MAX_SCALAR_BYTES >> 20
                ),
                expand,
            ),
            BudgetBreach::Aliases { .. } => (
                format!(
                    "the file has more than {} aliases (`*name`), the most schemagen reads",
                    serde_saphyr::Budget::default().max_aliases
                ),
                expand,
            ),
            BudgetBreach::Anchors { .. } => (
                format!(
                    "the file has more than {} anchors (`&name`), the most schemagen reads",
                    serde_saphyr::Budget::default().max_anchors
                ),
                "write the values out instead of anchoring each",
            ),
            BudgetBreach::AliasAnchorRatio { aliases, anchors } => (
                format!(
                    "the file has {aliases} aliases for {anchors} anchors, more than ten per \
                     anchor: the shape of a \"billion laughs\""
                ),
                expand,
            ),
            BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. } => (
                "the anchored parts of the file are larger than schemagen keeps for aliases"
                    .to_string(),
                expand,
            ),
            BudgetBreach::Depth { .. } => (
                "the YAML nests more than 64 levels deep here; a model file needs fewer than ten"
                    .to_string(),
                "remove the extra levels: a model file is tables, their columns and keys",
            ),
            _ => (
                format!("the file is larger than schemagen reads ({breach:?})"),
                "split the tables into several module files",
            ),
        },
        _ if inner.to_string().starts_with("recursion limit exceeded") => (
            "the YAML nests more than 255 flow levels (`[` or `{`) deep here; a model file \
             needs fewer than ten"
                .to_string(),
            "remove the extra brackets: a model file is tables, their columns and keys",
        ),
        _ => return None,
    })
}

fn yaml_error(path: &Arc<Path>, error: &serde_saphyr::Error) -> Diagnostic {
    let pos = error
        .location()
        .map(|location| Pos::new(path, location))
        .unwrap_or_else(|| Pos::file_start(path));
    if let Some((message, help)) = limit_message(error) {
        return Diagnostic::new(pos, "E001", message).help(help);
    }
    let message = error.without_snippet().to_string();
    // saphyr appends the position; ours is already in the diagnostic.
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    // Advice meant for the programmer embedding the parser, not for the model's author.
    let message = message.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    let help = if message.contains("unknown field") {
        "remove or rename the key: `schemagen schema product` and `schemagen schema module` print every key of the format"
    } else if message.contains("duplicate") {
        "a key may appear once per mapping: remove one of them"
    } else if message.contains("unknown variant") {
        "use one of the listed values"
    } else if message.contains("missing field") {
        "add the required key"
    } else {
        "fix the YAML at this position (indentation, quoting, a missing `:` or `-`)"
    };
    let help = match unknown_and_expected(&message) {
        // `{type: decimal(10,2)}`: the comma ended the value, and `2)` became a key.
        Some((word, _))
            if word.ends_with(')')
                && word[..word.len() - 1]
                    .split(',')
                    .all(|n| !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit())) =>
        {
            "in a flow mapping (`{...}`) a comma ends the value, so an unquoted `decimal(p,s)` is cut at its comma: quote the type, e.g. `type: 'decimal(10,2)'`".to_string()
        }
        Some((word, expected)) => super::diagnostic::suggest(word, expected, help),
        None => help.to_string(),
    };
    Diagnostic::new(pos, "E001", message).help(help)
}

/// The unknown word and the expected ones of serde's "unknown field `x`, expected one of a,
/// b" (or "expected `a` or `b`", "expected `a`"; fields and enum variants alike).
fn unknown_and_expected(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (word, rest) = rest.split_once('`')?;
    let expected = rest.strip_prefix(", expected ")?;
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    let names = expected
        .split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|name| name.trim().trim_matches('`'))
        .filter(|name| !name.is_empty())
        .collect();
    Some((word, names))
}

/// Hashes a file's name and text with line endings normalised, so a CRLF checkout hashes alike.
fn hash_file(hasher: &mut Sha256, name: &str, text: &str) {
    hasher.update(name.as_bytes());
    hasher.update([0]);
    hasher.update(text.replace("\r\n", "\n").as_bytes());
    hasher.update([0]);
}
