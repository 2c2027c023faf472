// `--features mimalloc`: a large batch a little faster, a single table slower to start (see the
// feature's note in Cargo.toml).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(jxlint::cli::main());
}
