// Reading a table allocates many small strings and offset maps; mimalloc serves that pattern
// markedly faster than the system allocator across threads (see scripts/bench.sh).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(jxlint::cli::main());
}
