use std::process::ExitCode;

fn main() -> ExitCode {
    schemagen::cli::main()
}
