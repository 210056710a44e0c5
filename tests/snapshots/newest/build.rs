//! Build script: lets `cargo test` and `cargo run` find libpython at run time.

fn main() {
    // Rerun only when this file changes (by default cargo reruns a build
    // script after any change in the package, which slows every rebuild).
    println!("cargo::rerun-if-changed=build.rs");
    // When cargo (not maturin) builds the crate with the `python` feature, test
    // binaries link libpython; an rpath to its directory means no
    // LD_LIBRARY_PATH/DYLD_LIBRARY_PATH is needed. maturin builds an extension
    // module, which does not link libpython, and this adds nothing.
    #[cfg(feature = "python")]
    pyo3_build_config::add_libpython_rpath_link_args();
}
