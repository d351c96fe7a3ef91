//! The `biaozhu` binary: the command line.

fn main() {
    std::process::exit(biaozhu::cli::run(std::env::args_os()));
}
