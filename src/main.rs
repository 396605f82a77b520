use clap::Parser;

fn main() -> std::process::ExitCode {
    hierc::cli::run(hierc::cli::Cli::parse())
}
