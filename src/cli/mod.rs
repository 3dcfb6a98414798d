//! The command line: one file per command, each a clap definition plus an `exec` that only
//! calls library code.
//!
//! Exit codes: 0 success; 1 invalid model, bad usage or any other error; 2 differences found
//! (`check`, `diff`); 3 destructive differences (`diff`, unless --allow-destructive).

mod check;
mod coverage;
mod diff;
mod docs;
mod export;
mod generate;
mod import;
mod init;
mod man;
mod schema;
mod validate;

use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// schemagen: one declarative YAML model of a product's tables, written as a dbscripts tree for
/// every database the product supports.
#[derive(Parser)]
#[command(name = "schemagen", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success; 1 invalid model, bad usage or another error; 2 differences found (check, diff); 3 destructive differences (diff)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors, warnings and what the command is for (no progress or summary lines
    /// on stderr).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more on stderr: each file `generate` writes or removes.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Colour the diagnostics on stderr: `auto` when stderr is a terminal and NO_COLOR is not
    /// set (nor TERM=dumb).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Whether diagnostics on stderr are coloured (set once, from --color and the environment).
static COLOUR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The text report of `diagnostics` for stderr, coloured as --color says.
pub(crate) fn render_for_stderr(diagnostics: &crate::model::Diagnostics) -> String {
    diagnostics.render_styled(COLOUR.load(Ordering::Relaxed))
}

fn colour_wanted(choice: Color) -> bool {
    use std::io::IsTerminal;
    match choice {
        Color::Always => true,
        Color::Never => false,
        // https://no-color.org: set and not empty means no colour.
        Color::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// 0 `--quiet`, 1 normal, 2 `--verbose`.
static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// A progress or summary line on stderr, unless `--quiet`.
pub(crate) fn note(line: &str) {
    if VERBOSITY.load(Ordering::Relaxed) >= 1 {
        eprintln!("{line}");
    }
}

/// A line on stderr only with `--verbose`.
pub(crate) fn detail(line: &str) {
    if VERBOSITY.load(Ordering::Relaxed) >= 2 {
        eprintln!("{line}");
    }
}

#[derive(Subcommand)]
enum Command {
    Generate(generate::Args),
    Import(import::Args),
    Init(init::Args),
    Check(check::Args),
    Coverage(coverage::Args),
    Diff(diff::Args),
    Docs(docs::Args),
    Export(export::Args),
    Validate(validate::Args),
    Schema(schema::Args),
    Completions(man::CompletionsArgs),
    Man(man::ManArgs),
}

/// Why a command failed, for the exit code.
pub enum Failure {
    /// The model has errors; they were printed already.
    InvalidModel,
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Other(error)
    }
}

pub fn main() -> ExitCode {
    // The matches are kept: `import` reads the order of its options from them.
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    VERBOSITY.store(
        match (cli.quiet, cli.verbose) {
            (true, _) => 0,
            (false, true) => 2,
            (false, false) => 1,
        },
        Ordering::Relaxed,
    );
    COLOUR.store(colour_wanted(cli.color), Ordering::Relaxed);
    let result = match cli.command {
        Command::Check(args) => match check::exec(args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(2),
            Err(e) => Err(e),
        },
        Command::Diff(args) => match diff::exec(args) {
            Ok(0) => Ok(()),
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
        Command::Coverage(args) => coverage::exec(args),
        Command::Docs(args) => match docs::exec(args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(2),
            Err(e) => Err(e),
        },
        Command::Export(args) => export::exec(args),
        Command::Generate(args) => generate::exec(args),
        Command::Import(args) => import::exec(
            args,
            matches
                .subcommand_matches("import")
                .expect("the import command was parsed"),
        ),
        Command::Init(args) => init::exec(args),
        Command::Validate(args) => validate::exec(args),
        Command::Schema(args) => schema::exec(args),
        Command::Completions(args) => man::completions(args),
        Command::Man(args) => man::man(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::InvalidModel) => ExitCode::from(1),
        Err(Failure::Other(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Loads a model (its newest release), printing its diagnostics to stderr when it is invalid.
fn load_model(dir: &std::path::Path) -> Result<crate::model::Model, Failure> {
    load_release(dir, None)
}

/// Loads release `release` of a model (`None`: the newest), printing its diagnostics to
/// stderr when it is invalid.
fn load_release(
    dir: &std::path::Path,
    release: Option<&str>,
) -> Result<crate::model::Model, Failure> {
    crate::model::load_release(dir, release, None).map_err(|diagnostics| {
        eprint!("{}", render_for_stderr(&diagnostics));
        Failure::InvalidModel
    })
}
