//! The command line: one file per command, each a clap definition plus an `exec` that only
//! calls library code.
//!
//! Exit codes: 0 success; 1 invalid model, bad usage or any other error; 2 differences found
//! (`check`, `diff`); 3 destructive differences (`diff`, unless --allow-destructive).

mod check;
mod coverage;
mod diff;
mod docs;
mod generate;
mod import;
mod init;
mod schema;
mod validate;

use std::process::ExitCode;

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
    Validate(validate::Args),
    Schema(schema::Args),
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
        Command::Docs(args) => docs::exec(args),
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

/// Loads a model, printing its diagnostics to stderr when it is invalid.
fn load_model(dir: &std::path::Path) -> Result<crate::model::Model, Failure> {
    crate::model::load(dir).map_err(|diagnostics| {
        eprint!("{}", diagnostics.render());
        Failure::InvalidModel
    })
}
