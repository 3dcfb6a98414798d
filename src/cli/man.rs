//! `schemagen completions` and `schemagen man`: shell completions (clap_complete) and man
//! pages (clap_mangen), made from the same clap definitions as `--help`, so they cannot
//! drift from the commands.

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use super::{Cli, Failure};

/// Print the completion script of a shell, e.g. `schemagen completions bash >
/// /usr/share/bash-completion/completions/schemagen`, or `source <(schemagen completions
/// bash)` in ~/.bashrc.
#[derive(clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> Result<(), Failure> {
    let mut command = Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "schemagen",
        &mut std::io::stdout(),
    );
    Ok(())
}

/// Print the man page (roff) of schemagen, or of one command (`schemagen man generate`);
/// `--out DIR` writes schemagen.1 and a schemagen-COMMAND.1 for every command instead, e.g.
/// into /usr/local/share/man/man1.
#[derive(clap::Args)]
pub struct ManArgs {
    /// The command whose page to print; default: schemagen's own page.
    command: Option<String>,
    /// Write every page into this directory.
    #[arg(long, conflicts_with = "command")]
    out: Option<PathBuf>,
}

pub fn man(args: ManArgs) -> Result<(), Failure> {
    let command = Cli::command();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create `{}`", dir.display()))?;
        clap_mangen::generate_to(command, dir)
            .with_context(|| format!("cannot write the man pages into `{}`", dir.display()))?;
        super::note(&format!("man pages written into {}", dir.display()));
        return Ok(());
    }
    let man = match &args.command {
        None => clap_mangen::Man::new(command),
        Some(name) => {
            let mut command = command;
            command.build();
            let sub = command
                .get_subcommands()
                .find(|c| c.get_name() == name)
                .cloned()
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "`{name}` is not a schemagen command (`schemagen --help` lists them)"
                    )
                })?;
            clap_mangen::Man::new(sub).title(format!("schemagen-{name}"))
        }
    };
    let mut out = Vec::new();
    man.render(&mut out).context("cannot render the man page")?;
    use std::io::Write;
    std::io::stdout()
        .write_all(&out)
        .context("cannot write the man page")?;
    Ok(())
}
