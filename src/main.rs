fn main() -> std::process::ExitCode {
    // A reader that goes away (`| head -1`) stops the run quietly.
    hierc::cli::pipe::quiet(|| hierc::cli::run(hierc::cli::parse()))
}
