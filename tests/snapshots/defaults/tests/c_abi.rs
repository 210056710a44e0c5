//! The C side of the C ABI in `src/ffi.rs`: the committed header is what
//! cbindgen makes of it, and a C program compiled against that header calls
//! the shared library cargo built.

use std::path::Path;

const HEADER: &str = "include/my_project.h";

#[test]
fn the_header_matches_the_rust_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/ffi.rs"))
        .generate()
        .expect("cbindgen reads src/ffi.rs")
        .write(&mut generated);
    let generated = String::from_utf8(generated).expect("the header is UTF-8");
    let path = root.join(HEADER);
    if std::env::var_os("UPDATE_C_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("the header can be written");
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .expect("the header exists")
        .replace("\r\n", "\n");
    assert!(
        committed == generated,
        "{HEADER} is out of date; regenerate it with: UPDATE_C_HEADER=1 cargo test --test c_abi"
    );
}

/// Compiles `examples/c/demo.c` with `$CC` (or `cc`) against the header and
/// the library `cargo test` built, runs it and checks what it prints.
#[cfg(unix)]
#[test]
fn a_c_program_calls_the_library() {
    use std::process::Command;

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // This test runs from target/<profile>/deps/, where `cargo test` leaves
    // the shared library it built for this run. target/<profile>/ may hold an
    // older one (`maturin develop` builds there without linking libpython), so
    // the demo finds the library through its rpath alone.
    let exe = std::env::current_exe().expect("the test knows its path");
    let deps = exe.parent().expect("target/<profile>/deps");
    let demo = Path::new(env!("CARGO_TARGET_TMPDIR")).join("c-demo");
    let compiler = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let mut command = Command::new(&compiler);
    command
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic"])
        .arg("-I")
        .arg(root.join("include"))
        .arg(root.join("examples/c/demo.c"))
        .arg("-o")
        .arg(&demo);
    command
        .arg("-L")
        .arg(deps)
        .arg(format!("-Wl,-rpath,{}", deps.display()));
    let compiled = command
        .arg("-lmy_project")
        .status()
        .unwrap_or_else(|err| panic!("cannot run the C compiler {compiler}: {err}"));
    assert!(compiled.success(), "compiling examples/c/demo.c failed");
    let output = Command::new(&demo)
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("DYLD_LIBRARY_PATH")
        .output()
        .expect("the demo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the demo failed ({}):\n{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = [
        "add(2, 3): success, 5",
        "sum({1, 2, 3, 4}): success, 10",
        "add(INT64_MAX, 1): integer overflow",
        "sum(NULL, 4): a pointer argument is NULL",
        concat!("version: ", env!("CARGO_PKG_VERSION")),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}
