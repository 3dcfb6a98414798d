use std::process::ExitCode;

// Generation allocates many small strings; mimalloc halves the time glibc's malloc takes
// for them (see benches/generate.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    schemagen::cli::main()
}
